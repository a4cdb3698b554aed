#include <pthread.h>
int x;
static void *w(void *p) { (void)p; x++; return 0; }
int main(void) { pthread_t a; pthread_create(&a, 0, w, 0); pthread_join(a, 0); x++; pthread_create(&a, 0, w, 0); pthread_join(a, 0); return x; } /* OK */
