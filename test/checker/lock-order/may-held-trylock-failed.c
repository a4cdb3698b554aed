// A try-lock that failed holds nothing: after 'if (trylock(a) == 0) {...}'
// a is not held on the failure path, so taking b next makes no edge a -> b.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int shared;

void *try_then_b(void *arg) {
  (void)arg;
  if (pthread_mutex_trylock(&a) == 0) {
    shared++;
    pthread_mutex_unlock(&a);
  }
  pthread_mutex_lock(&b);
  shared--;
  pthread_mutex_unlock(&b);
  return 0;
}

void *ba(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  shared++;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, try_then_b, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
