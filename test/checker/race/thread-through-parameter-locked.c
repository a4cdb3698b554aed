// The locked variant of thread-through-parameter.c: workers started through
// a wrapper's parameter update the counter under a mutex; main hands the
// entry over with the mutex held, which is no call of it. Silent.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int served;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; ++i) {
    pthread_mutex_lock(&mu);
    served++;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}

static void create_worker(void *(*fn)(void *), void *arg) {
  pthread_t t;
  pthread_create(&t, 0, fn, arg);
}

int main(void) {
  for (int i = 0; i < 2; ++i) {
    pthread_mutex_lock(&mu);
    create_worker(worker, 0); // a value passed on, not a call made here
    pthread_mutex_unlock(&mu);
  }
  return 0;
}
