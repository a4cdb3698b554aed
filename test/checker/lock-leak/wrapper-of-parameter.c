// A function that locks the lock its caller passes in (libuv's uv_rwlock_rdlock)
// returns holding it by design; a wait wrapper leaves the predicate loop to its
// callers.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

void my_rdlock(pthread_rwlock_t *rw) {
  if (pthread_rwlock_rdlock(rw))
    abort();
}

void my_rdunlock(pthread_rwlock_t *rw) {
  if (pthread_rwlock_unlock(rw))
    abort();
}

void my_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  if (pthread_cond_wait(c, m))
    abort();
}

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int ready;

int main(void) {
  my_rdlock(&rw);
  my_rdunlock(&rw);
  pthread_mutex_lock(&mu);
  while (!ready)
    my_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  return 0;
}
