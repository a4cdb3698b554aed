// The lock is released before the write: the write is unprotected.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int counter;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  int v = counter;
  pthread_mutex_unlock(&mu);
  // CHECK: unlock-before-access.c:[[@LINE+1]]:3: warning: data race on 'counter': write in thread 'worker' conflicts with {{read|write}} in another instance of thread 'worker'
  counter = v + 1;
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
