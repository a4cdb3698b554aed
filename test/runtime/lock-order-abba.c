// Two threads take mu1 and mu2 in opposite orders, one after the other: no real deadlock
// happens, but the lock-order graph has the cycle mu1 => mu2 => mu1.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t > %t.out 2>&1
#include "Inputs/in-turn.h"
#include <stdio.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg) {
  pthread_mutex_lock(&mu1);
  pthread_mutex_lock(&mu2);  // mu1 => mu2
  pthread_mutex_unlock(&mu2);
  pthread_mutex_unlock(&mu1);
  return 0;
}

static void *backward(void *arg) {
  pthread_mutex_lock(&mu2);
  pthread_mutex_lock(&mu1);  // mu2 => mu1
  pthread_mutex_unlock(&mu1);
  pthread_mutex_unlock(&mu2);
  return 0;
}

int main(void) {
  // One after the other, in turn: the cycle is in the lock-order graph, but no
  // deadlock can happen (and no join orders the threads: Inputs/in-turn.h).
  RUN_IN_TURN(forward, backward);
  fprintf(stderr, "done\n");
  return 0;
}
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
// With report_thread=0 the raising thread writes the report before it goes on: before 'done'.
// RUN: %env_parcheck_opts=report_thread=0 not %run %t 2>&1 | FileCheck %s --check-prefix=SYNC
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock) (pid=[[PID:[0-9]+]])
// CHECK: Cycle in lock order graph: M{{[0-9]+}} ('mu1') => M{{[0-9]+}} ('mu2') => M{{[0-9]+}}
// CHECK: Mutex M{{[0-9]+}} ('mu2') acquired here while holding mutex M{{[0-9]+}} ('mu1') in thread T1:
// CHECK-NEXT: #0 forward {{.*}}lock-order-abba.c:13
// CHECK: previously acquired by the same thread here:
// CHECK-NEXT: #0 forward {{.*}}lock-order-abba.c:12
// CHECK: Mutex M{{[0-9]+}} ('mu1') acquired here while holding mutex M{{[0-9]+}} ('mu2') in thread T2:
// CHECK-NEXT: #0 backward {{.*}}lock-order-abba.c:21
// CHECK: Threads involved: T1 T2
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'mu1' => 'mu2' => 'mu1' [parcheck-lock-order]
// CHECK: ==parcheck== pid=[[PID]] ({{.*}}): 1 report(s) (lock-order: 1)
// SYNC: WARNING: parcheck: lock-order-inversion (potential deadlock)
// SYNC: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'mu1' => 'mu2' => 'mu1' [parcheck-lock-order]
// SYNC-NEXT: ==================
// SYNC-NEXT: done
// SYNC-NEXT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (lock-order: 1)
// OUT: done
// OUT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (lock-order: 1)
