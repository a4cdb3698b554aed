#include <pthread.h>
long n;
static void *w(void *p) { (void)p; __sync_fetch_and_add(&n, 1); return 0; }
int main(void) { pthread_t a; pthread_create(&a, 0, w, 0); long v = n; pthread_join(a, 0); return (int)v; } /* RACE */
