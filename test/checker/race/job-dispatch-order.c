// A job's function runs in a pool thread only after the job was handed over
// (zstd's ZDICT_optimizeTrainFromBuffer_cover: POOL_create, then
// 'g_displayLevel = ..', then POOL_add(pool, &COVER_tryParameters, data) in
// a loop, then POOL_free). The pool's threads are running when main sets
// 'level', but none can run try_params before pool_add named it, and the
// pool is made and freed (joined) inside optimize, so a second call finds no
// job of the first still running. A write after the hand-over still races
// with the jobs.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include "Inputs/jobpool.h"

static int level;
static int results[8];

static void try_params(void *arg) {
  int *slot = arg;
  // CHECK-DAG: job-dispatch-order.c:[[@LINE+1]]:11: note: conflicting read in thread 'pool_thread', holding no lock
  *slot = level;
}

static void optimize(int n) {
  struct pool *p = pool_create();
  level = n - 1; // before any job is handed over: no race
  for (int i = 0; i < n; i++)
    pool_add(p, try_params, &results[i]);
  // CHECK-DAG: job-dispatch-order.c:[[@LINE+1]]:3: warning: data race on 'level': write in thread 'main' conflicts with read in thread 'pool_thread'
  level = 0; // the jobs may still run
  pool_free(p);
}

int main(void) {
  optimize(4);
  optimize(8);
  return results[0];
}
