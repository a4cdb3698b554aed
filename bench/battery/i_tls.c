#include <pthread.h>
static __thread int t; 
static void *w(void *p) { (void)p; t++; return 0; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; } /* OK */
