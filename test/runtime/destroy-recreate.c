// A mutex destroyed and another created at the same address is a new lock: the old edges do
// not combine with the new lock's into a false cycle. Without the destroy/init (one lock),
// the inversion is real and reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: %clang -g -O0 -DSAME_LOCK %s -o %t.same -lpthread
// RUN: not %run %t.same 2>&1 | FileCheck %s --check-prefix=SAME
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;

static void *lock_pair(void *arg) {
  pthread_mutex_t **p = arg;
  pthread_mutex_lock(p[0]);
  pthread_mutex_lock(p[1]);
  pthread_mutex_unlock(p[1]);
  pthread_mutex_unlock(p[0]);
  return 0;
}

int main(void) {
  pthread_mutex_t *b = malloc(sizeof *b);
#ifdef SAME_LOCK
  pthread_mutex_init(b, 0);
#endif
  for (int round = 0; round < 50; ++round) {
#ifndef SAME_LOCK
    pthread_mutex_init(b, 0);
#endif
    pthread_mutex_t *order[2] = {round % 2 ? &a : b, round % 2 ? b : &a};
    pthread_t t;
    pthread_create(&t, 0, lock_pair, order);
    pthread_join(t, 0);
#ifndef SAME_LOCK
    pthread_mutex_destroy(b);
#endif
  }
  free(b);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: done
// SAME: WARNING: parcheck: lock-order-inversion
