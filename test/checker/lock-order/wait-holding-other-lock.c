// A condition wait gives up only its own mutex: waking up, it takes 'mu' again
// while still holding 'io_mu' (io_mu => mu), and another thread takes them the
// other way round.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t io_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int ready, io;

void *waiter(void *p) {
  pthread_mutex_lock(&mu);
  pthread_mutex_lock(&io_mu);
  while (!ready)
    pthread_cond_wait(&cv, &mu);
  io++;
  pthread_mutex_unlock(&io_mu);
  pthread_mutex_unlock(&mu);
  return p;
}

void *signaller(void *p) {
  pthread_mutex_lock(&mu);
  pthread_mutex_lock(&io_mu);
  // CHECK: wait-holding-other-lock.c:[[@LINE-1]]:3: warning: lock order inversion: 'io_mu' acquired while holding 'mu' [parcheck-lock-order]
  // CHECK-NEXT: wait-holding-other-lock.c:[[@LINE-3]]:3: note: 'mu' acquired here
  // CHECK-NEXT: wait-holding-other-lock.c:16:5: note: 'mu' taken again by a condition wait while holding 'io_mu' in thread 'waiter'
  // CHECK-NEXT: wait-holding-other-lock.c:14:3: note: 'io_mu' acquired here
  io++;
  pthread_mutex_unlock(&io_mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  return p;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, waiter, 0);
  pthread_create(&t2, 0, signaller, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
