// A thread that walks more mutexes than its look-up cache holds (and than its acquisition
// batch has slots) finds each mutex's record through the number the mutex keeps in its own
// words (RecordOfMutex, rt_locks.h), and gives the record's batch a slot at every acquisition
// (MoveAcqSlot). Both must keep every count exact and every finding: two threads, in turn,
// each take all 600 mutexes three times, then two of them nested, in opposite orders: each
// mutex counts exactly 6 acquisitions (the two nested ones 8), and the inversion is reported.
// The negative control nests them in the same order: the same counts, no report.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.json %t.same.json
// RUN: %env_parcheck_opts=json_path=%t.json not %run %t 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: %python %S/Inputs/stats_acq_histogram.py %t.json | FileCheck %s
// RUN: %clang -g -O0 -DSAME_ORDER %s -o %t.same -lpthread
// RUN: %env_parcheck_opts=json_path=%t.same.json %run %t.same 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty --implicit-check-not="WARNING: parcheck"
// RUN: %python %S/Inputs/stats_acq_histogram.py %t.same.json | FileCheck %s
// CHECK: acquisitions=6 locks=598
// CHECK-NEXT: acquisitions=8 locks=2
// CHECK-NEXT: with contended waits or failed tries: 0
// CHECK-NEXT: locks listed=600 total=600
// REPORT: WARNING: parcheck: lock-order-inversion (potential deadlock)
// REPORT: acquired here while holding mutex {{.*}} in thread T1:
// REPORT-NEXT: #0 walk_then_nest {{.*}}many-mutexes-record-number.c:[[@LINE+19]]
// QUIET-NOT: WARNING
#include "Inputs/in-turn.h"
#include <stdlib.h>

enum { kLocks = 600 };
static pthread_mutex_t *locks;

static void *walk_then_nest(void *arg) {
  int reverse = arg != 0;
  for (int pass = 0; pass < 3; ++pass)
    for (int i = 0; i < kLocks; ++i) {
      pthread_mutex_t *m = &locks[reverse ? kLocks - 1 - i : i];
      pthread_mutex_lock(m);
      pthread_mutex_unlock(m);
    }
  pthread_mutex_t *outer = &locks[reverse ? kLocks - 1 : 0];
  pthread_mutex_t *inner = &locks[reverse ? 0 : kLocks - 1];
  pthread_mutex_lock(outer);
  pthread_mutex_lock(inner);
  pthread_mutex_unlock(inner);
  pthread_mutex_unlock(outer);
  return 0;
}

int main(void) {
  locks = malloc(kLocks * sizeof *locks);
  for (int i = 0; i < kLocks; ++i) pthread_mutex_init(&locks[i], 0);
#ifdef SAME_ORDER
  void *args[] = {0, 0};
#else
  void *args[] = {0, (void *)1};
#endif
  void *(*const fns[])(void *) = {walk_then_nest, walk_then_nest};
  run_in_turn_args(fns, args, 2);
  return 0;
}
