// Negative: pthread_cond_wait releases the mutex while waiting and reacquires it; the other
// thread takes other_mu then mu while the waiter sleeps, which is not an inversion of the
// waiter's mu => other_mu after wakeup.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t other_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int ready;

static void *signaller(void *arg) {
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&mu);
  pthread_create(&t, 0, signaller, 0);
  while (!ready) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  pthread_join(t, 0);
  // The cond wait left mu held and released exactly once: this unlock pairs with nothing.
  pthread_mutex_lock(&other_mu);
  pthread_mutex_unlock(&other_mu);
  fprintf(stderr, "ready=%d\n", ready);
  return 0;
}
// CHECK: ready=1
