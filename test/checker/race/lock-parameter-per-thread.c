// munge() locks the mutex it is given: two threads passing different mutexes
// for the same data race; passing the same one does not.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int racy, safe;
pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER, m2 = PTHREAD_MUTEX_INITIALIZER;

void munge(pthread_mutex_t *m, int *v) {
  pthread_mutex_lock(m);
  // CHECK: lock-parameter-per-thread.c:[[@LINE+1]]:3: warning: data race on 'racy': write in thread 'main' conflicts with write in thread 'worker'
  *v = *v + 1;
  pthread_mutex_unlock(m);
}

void *worker(void *arg) {
  (void)arg;
  munge(&m1, &racy);
  munge(&m2, &safe);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  munge(&m2, &racy);
  munge(&m2, &safe);
  pthread_join(t, 0);
  return racy + safe;
}
