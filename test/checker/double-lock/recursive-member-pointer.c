// A mutex member made recursive with a mutexattr; a thread takes it twice
// through a local pointer to the member ('m = &s->mu'): allowed.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#define _GNU_SOURCE
#include <pthread.h>

struct guarded {
  pthread_mutex_t mu;
};
int g;

void *worker(void *arg) {
  pthread_mutex_t *m = &((struct guarded *)arg)->mu;
  pthread_mutex_lock(m);
  pthread_mutex_lock(m);
  g++;
  pthread_mutex_unlock(m);
  pthread_mutex_unlock(m);
  return 0;
}

int main(void) {
  pthread_t t;
  struct guarded s;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&s.mu, &attr);
  pthread_create(&t, 0, worker, &s);
  pthread_mutex_lock(&s.mu);
  pthread_mutex_lock(&s.mu);
  pthread_mutex_unlock(&s.mu);
  pthread_mutex_unlock(&s.mu);
  pthread_join(t, 0);
  return g;
}
