#include <pthread.h>
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER; int shared;
static void *r(void *p) { (void)p; pthread_rwlock_rdlock(&rw); int v = shared; pthread_rwlock_unlock(&rw); return (void *)(long)v; }
static void *w(void *p) { (void)p; pthread_rwlock_rdlock(&rw); shared++; pthread_rwlock_unlock(&rw); return 0; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, r, 0); pthread_create(&b, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; } /* RACE: write under read lock */
