#include <pthread.h>
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER; int x;
static void lock_it(void) { pthread_mutex_lock(&m); }
static void unlock_it(void) { pthread_mutex_unlock(&m); }
static void *w(void *p) { (void)p; lock_it(); x++; unlock_it(); return 0; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); return x; } /* OK */
