/* OK */
#include <pthread.h>
volatile int lk; long n;
static void *w(void *p) { (void)p; for (int i = 0; i < 100; ++i) { while (__sync_lock_test_and_set(&lk, 1)) {} n++; __sync_lock_release(&lk); } return 0; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); return (int)n; } /* OK */
