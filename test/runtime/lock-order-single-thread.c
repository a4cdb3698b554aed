// One thread alone takes a => b and later b => a. It cannot block itself, but two threads
// running these two paths at once can deadlock, so it is reported by default (as TSan,
// helgrind and lockdep do), saying that one thread made every edge.
// ignore_single_thread_cycles=1 is the opt-out: nothing is reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --check-prefix=REPORT < %t.out
// RUN: FileCheck %s --check-prefixes=CHECK,OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
// RUN: env PARCHECK_OPTIONS=ignore_single_thread_cycles=1 %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  fprintf(stderr, "done\n");
  return 0;
}
// REPORT: WARNING: parcheck: lock-order-inversion (potential deadlock)
// REPORT: Cycle in lock order graph: M{{[0-9]+}} ('a') => M{{[0-9]+}} ('b') => M{{[0-9]+}}
// REPORT: Threads involved: T0
// REPORT-NEXT: All edges were made by thread T0: if two threads run these paths at once, they can deadlock.
// REPORT-EMPTY:
// REPORT-NEXT: Thread T0 is the main thread
// REPORT-EMPTY:
// REPORT-NEXT: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'a' => 'b' => 'a' [parcheck-lock-order]
// REPORT: exit=66
// CHECK: done
// OUT: exit=66
