// A lock taken through a local pointer that can only be '&b' or '&c': the other
// thread orders a before d, a lock the pointer never points to. No cycle.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t d = PTHREAD_MUTEX_INITIALIZER;
int shared;

void *ab(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&d);
  shared++;
  pthread_mutex_unlock(&d);
  pthread_mutex_unlock(&a);
  return 0;
}

void *through_pointer(void *arg) {
  pthread_mutex_t *m;
  (void)arg;
  if (rand() % 2)
    m = &b;
  else
    m = &c;
  pthread_mutex_lock(m);
  pthread_mutex_lock(&a);
  shared--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(m);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, through_pointer, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
