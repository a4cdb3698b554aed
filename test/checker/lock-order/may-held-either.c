// One lock or the other, never both: no lock is held when the other is taken.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int shared;

void *ab(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  shared++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}

void *either(void *arg) {
  int k = rand() % 2;
  (void)arg;
  if (k)
    pthread_mutex_lock(&b);
  else
    pthread_mutex_lock(&a);
  // (reads nothing shared)
  if (k)
    pthread_mutex_unlock(&b);
  else
    pthread_mutex_unlock(&a);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, either, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
