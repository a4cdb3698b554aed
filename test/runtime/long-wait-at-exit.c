// A thread that never gets its lock is still reported: the program ends while the worker
// still waits for cache_mu (main never lets go of it), and the exit summary takes a last look
// at waits still going on. The watchdog never looks here (watchdog_interval_ms=100000), so
// the report comes from that last look; the worker has waited at least 500 ms by then (main
// sleeps that long once the worker is blocked, Inputs/blocked.h), ten times the thresholds.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=long_wait_ms=50:watchdog_interval_ms=100000 %run %t > %t.out 2>&1; test $? -eq 66
// RUN: FileCheck %s --check-prefix=WAIT < %t.out
// RUN: %env_parcheck_opts=long_hold_ms=50:watchdog_interval_ms=100000 not %run %t 2>&1 | FileCheck %s --check-prefix=HOLD
// Negative: thresholds far above any duration; a wait that is not long is not reported.
// RUN: %env_parcheck_opts=long_wait_ms=1000000:long_hold_ms=1000000:watchdog_interval_ms=100000 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
#include "blocked.h"
#include <pthread.h>

pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
_Atomic pid_t worker_tid;

static void *worker(void *arg) {
  worker_tid = this_tid();
  pthread_mutex_lock(&cache_mu);  // never returns: main keeps cache_mu until the process ends
  return 0;
}

int main(void) {
  pthread_mutex_lock(&cache_mu);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  wait_until_blocked_on(&worker_tid, &cache_mu, sizeof cache_mu);
  usleep(500000);
  fprintf(stderr, "main exits\n");
  return 0;
}
// WAIT: main exits
// WAIT: WARNING: parcheck: long wait
// WAIT: Thread T1 has waited {{[0-9]+}} ms for mutex 'cache_mu':
// WAIT-NEXT: #0 worker {{.*}}long-wait-at-exit.c:20
// WAIT: Held by: T0
// WAIT: SUMMARY: parcheck: long wait on 'cache_mu' [parcheck-long-wait]
// WAIT: 1 report(s) (long-wait: 1)
// HOLD: WARNING: parcheck: long hold
// HOLD: SUMMARY: parcheck: long hold on 'cache_mu' [parcheck-long-hold]
// NONE: main exits
