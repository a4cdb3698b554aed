// Two global lock pointers set to two different mutexes are two locks.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t *p, *q;
int shared;

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(p);
  pthread_mutex_lock(q);
  shared++;
  pthread_mutex_unlock(q);
  pthread_mutex_unlock(p);
  return 0;
}

int main(void) {
  pthread_t t;
  p = &m1;
  q = &m2;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return 0;
}
