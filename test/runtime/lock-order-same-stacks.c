// A lock-order cycle is reported once per set of stacks: twenty account pairs taken in
// opposite orders by the same two functions are one mistake, reported once (the other 19
// cycles are counted in the summary), while an inversion made elsewhere in the code is a
// second report.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
#include "Inputs/in-turn.h"
#include <stdio.h>

enum { kPairs = 20 };
pthread_mutex_t from_mu[kPairs], to_mu[kPairs];
pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER, stats_mu = PTHREAD_MUTEX_INITIALIZER;

static void *transfer_all(void *arg) {
  for (int i = 0; i < kPairs; ++i) {
    pthread_mutex_lock(&from_mu[i]);
    pthread_mutex_lock(&to_mu[i]);
    pthread_mutex_unlock(&to_mu[i]);
    pthread_mutex_unlock(&from_mu[i]);
  }
  pthread_mutex_lock(&log_mu);
  pthread_mutex_lock(&stats_mu);
  pthread_mutex_unlock(&stats_mu);
  pthread_mutex_unlock(&log_mu);
  return 0;
}

static void *refund_all(void *arg) {
  for (int i = 0; i < kPairs; ++i) {
    pthread_mutex_lock(&to_mu[i]);
    pthread_mutex_lock(&from_mu[i]);
    pthread_mutex_unlock(&from_mu[i]);
    pthread_mutex_unlock(&to_mu[i]);
  }
  pthread_mutex_lock(&stats_mu);
  pthread_mutex_lock(&log_mu);
  pthread_mutex_unlock(&log_mu);
  pthread_mutex_unlock(&stats_mu);
  return 0;
}

int main(void) {
  for (int i = 0; i < kPairs; ++i) {
    pthread_mutex_init(&from_mu[i], 0);
    pthread_mutex_init(&to_mu[i], 0);
  }
  RUN_IN_TURN(transfer_all, refund_all);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK: Cycle in lock order graph: M{{[0-9]+}} ('from_mu[0]') => M{{[0-9]+}} ('to_mu[0]') => M{{[0-9]+}}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK: Cycle in lock order graph: M{{[0-9]+}} ('log_mu') => M{{[0-9]+}} ('stats_mu') => M{{[0-9]+}}
// CHECK-NOT: WARNING: parcheck
// CHECK: 2 report(s) (lock-order: 2), 19 more lock-order cycle(s) at the same stacks;
// OUT: done
// OUT: 2 report(s) (lock-order: 2), 19 more lock-order cycle(s) at the same stacks;
