// main's accesses before the first pthread_create and after the last join
// cannot run at the same time as the worker.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdio.h>

int total;

static void reset(void) { total = 0; }

void *worker(void *arg) {
  (void)arg;
  total += 5;
  return 0;
}

int main(void) {
  reset();
  total = 1;
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  printf("%d\n", total);
  total = 0;
  return 0;
}
