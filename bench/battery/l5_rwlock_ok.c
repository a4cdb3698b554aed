#include <pthread.h>
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER; int v;
static void *r(void *p) { (void)p; pthread_rwlock_rdlock(&rw); int x = v; pthread_rwlock_unlock(&rw); return (void *)(long)x; }
static void *w(void *p) { (void)p; pthread_rwlock_wrlock(&rw); v++; pthread_rwlock_unlock(&rw); return 0; }
int main(void) { pthread_t a, b, c; pthread_create(&a, 0, r, 0); pthread_create(&b, 0, r, 0); pthread_create(&c, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); pthread_join(c, 0); return v; } /* OK */
