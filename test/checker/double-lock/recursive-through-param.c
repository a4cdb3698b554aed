// A mutex made recursive with a mutexattr and handed to a thread: the thread
// takes it twice through its parameter, which a recursive mutex allows.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#define _GNU_SOURCE
#include <pthread.h>

int g;

void *worker(void *arg) {
  pthread_mutex_t *mu = (pthread_mutex_t *)arg;
  pthread_mutex_lock(mu);
  pthread_mutex_lock(mu);
  g++;
  pthread_mutex_unlock(mu);
  pthread_mutex_unlock(mu);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_mutex_t mu;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&mu, &attr);
  pthread_create(&t, 0, worker, &mu);
  pthread_mutex_lock(&mu);
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  pthread_mutex_unlock(&mu);
  pthread_join(t, 0);
  return g;
}
