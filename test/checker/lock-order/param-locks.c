// A function locks the two mutexes it is given in argument order; two threads
// pass them in opposite orders. Each call site binds the parameters.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t in_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;
int moved;

static void move_between(pthread_mutex_t *first, pthread_mutex_t *second) {
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  // CHECK: param-locks.c:[[@LINE-1]]:3: warning: lock order inversion: 'out_mu' acquired while holding 'in_mu' [parcheck-lock-order]
  // CHECK-NEXT: param-locks.c:[[@LINE-3]]:3: note: 'in_mu' acquired here
  // CHECK-NEXT: param-locks.c:[[@LINE-3]]:3: note: 'out_mu' acquired through this call chain
  // CHECK-NEXT: {{.*}}param-locks.c:{{[0-9]+}}:3: note: called from 'producer'
  // CHECK-NEXT: param-locks.c:[[@LINE-5]]:3: note: 'in_mu' acquired while holding 'out_mu' in thread 'consumer'
  // CHECK-NEXT: {{.*}}param-locks.c:{{[0-9]+}}:3: note: called from 'consumer'
  // CHECK-NEXT: param-locks.c:[[@LINE-8]]:3: note: 'out_mu' acquired here
  moved++;
  pthread_mutex_unlock(second);
  pthread_mutex_unlock(first);
}

void *producer(void *arg) {
  (void)arg;
  move_between(&in_mu, &out_mu);
  return 0;
}

void *consumer(void *arg) {
  (void)arg;
  move_between(&out_mu, &in_mu);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, producer, 0);
  pthread_create(&t2, 0, consumer, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
