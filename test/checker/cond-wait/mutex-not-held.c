// pthread_cond_wait with a mutex the thread does not hold: undefined behaviour.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
_Atomic int ready;

void *waiter(void *arg) {
  (void)arg;
  while (!ready)
    pthread_cond_wait(&cv, &mu);
    // CHECK: mutex-not-held.c:[[@LINE-1]]:5: warning: condition wait on 'cv' with 'mu' not held [parcheck-cond-wait]
    // CHECK-NEXT: mutex-not-held.c:[[@LINE-2]]:5: note: lock 'mu' before waiting; the wait releases it while blocked
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(t, 0);
  return 0;
}
