// The same accesses through global pointers, both under one lock.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

int g;
int *g1 = &g, *g2;
int *heap;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  (*g1)++;
  heap[0]++;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t;
  g2 = g1;
  heap = calloc(1, sizeof(int));
  pthread_create(&t, 0, worker, 0);
  pthread_mutex_lock(&mu);
  (*g2)++;
  heap[0]++;
  pthread_mutex_unlock(&mu);
  pthread_join(t, 0);
  return g;
}
