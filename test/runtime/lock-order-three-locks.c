// A cycle through three locks made by three threads is reported once, with all three edges.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;

static void take(pthread_mutex_t *x, pthread_mutex_t *y) {
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
}
static void *ab(void *arg) { take(&a, &b); return 0; }
static void *bc(void *arg) { take(&b, &c); return 0; }
static void *ca(void *arg) { take(&c, &a); return 0; }

int main(void) {
  RUN_IN_TURN(ab, bc, ca);  // in turn, not ordered by joins (Inputs/in-turn.h)
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: Cycle in lock order graph: M{{[0-9]+}} ('a') => M{{[0-9]+}} ('b') => M{{[0-9]+}} ('c') => M{{[0-9]+}}
// CHECK-COUNT-3: acquired here while holding mutex
// CHECK: Threads involved: T1 T2 T3
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'a' => 'b' => 'c' => 'a'
// CHECK-NOT: WARNING: parcheck
// CHECK: 1 report(s) (lock-order: 1)
