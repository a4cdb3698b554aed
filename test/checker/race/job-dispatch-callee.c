// The job hand-off (job-dispatch-order.c) also orders what a function the
// dispatcher calls before it names the job does (zstd's
// 'COVER_best_init(&best)' before 'POOL_add(pool, COVER_tryParameters,
// data)'): 'set_up' runs in 'optimize' and in 'optimize_fast', each before
// its own hand-over, and each pool lives inside its call. 'tear_down',
// called after the hand-over, still races with the jobs, and so does
// 'set_up''s write when a caller calls it after naming a job ('late').
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:" --implicit-check-not="also written"
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefixes=CHECK,LATE --implicit-check-not="warning:"
#include "Inputs/jobpool.h"

static int level;
static int results[8];

static void try_params(void *arg) {
  int *slot = arg;
  // CHECK-DAG: job-dispatch-callee.c:[[@LINE+1]]:11: note: conflicting read in thread 'pool_thread', holding no lock
  *slot = level;
}

static void try_fast(void *arg) {
  int *slot = arg;
  *slot = level + 1;
}

static void set_up(int n) {
  // LATE-DAG: job-dispatch-callee.c:[[@LINE+1]]:3: note: also written in thread 'main'
  level = n - 1;
}

static void tear_down(void) {
  // CHECK-DAG: job-dispatch-callee.c:[[@LINE+1]]:3: warning: data race on 'level': write in thread 'main' conflicts with read in thread 'pool_thread'
  level = 0;
}

static void optimize(int n) {
  struct pool *p = pool_create();
  set_up(n); // before any job is handed over: no race
  for (int i = 0; i < n; i++)
    pool_add(p, try_params, &results[i]);
  tear_down(); // the jobs may still run
  pool_free(p);
}

static void optimize_fast(int n) {
  struct pool *p = pool_create();
  set_up(n);
  for (int i = 0; i < n; i++)
    pool_add(p, try_fast, &results[i]);
#ifdef LATE
  set_up(0); // after a hand-over: the jobs may read 'level'
#endif
  pool_free(p);
}

int main(void) {
  optimize(4);
  optimize_fast(8);
  return results[0];
}
