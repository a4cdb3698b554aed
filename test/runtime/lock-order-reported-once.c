// The same inversion repeated many times by many threads is reported exactly once.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t > %t.out 2>&1
// RUN: grep -c "WARNING: parcheck: lock-order-inversion" %t.out | FileCheck %s --check-prefix=COUNT
// COUNT: {{^1$}}
#include "Inputs/in-turn.h"

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_t *x = (long)arg % 2 ? &a : &b, *y = (long)arg % 2 ? &b : &a;
    pthread_mutex_lock(x);
    pthread_mutex_lock(y);
    pthread_mutex_unlock(y);
    pthread_mutex_unlock(x);
  }
  return 0;
}

int main(void) {
  // One at a time, in turn (Inputs/in-turn.h): the inversion never really deadlocks.
  void *(*fns[8])(void *) = {worker, worker, worker, worker, worker, worker, worker, worker};
  void *args[8] = {(void *)0, (void *)1, (void *)2, (void *)3, (void *)4, (void *)5, (void *)6, (void *)7};
  run_in_turn_args(fns, args, 8);
  return 0;
}
