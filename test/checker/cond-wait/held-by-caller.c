// The wait is in a helper; every caller holds the mutex around the call.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int ready;

static void wait_ready_locked(void) {
  while (!ready)
    pthread_cond_wait(&cv, &mu);
}

void *waiter(void *arg) {
  pthread_mutex_lock(&mu);
  wait_ready_locked();
  pthread_mutex_unlock(&mu);
  return arg;
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
