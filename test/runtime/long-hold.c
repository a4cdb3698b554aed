// A lock held for a long time while another thread waits for it: long_hold_ms reports the
// holder; long_wait_ms reports the waiter; both are off by default. The verdict is made when
// the wait ends, from its exact length and the count of acquisitions by others meanwhile, so
// it does not depend on when the watchdog looks (watchdog_interval_ms=100000: it never does;
// then the report is written when the wait ends, before the program's last line). With the
// default interval, a wait that lasts past twice the largest threshold may be reported by the
// watchdog while it goes on, so the program's own line is checked apart there.
// Made certain on a busy machine: the holder lets go only after main is blocked on config_mu
// (Inputs/blocked.h) and then at least 500 ms later, ten times the 50 ms thresholds.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=long_hold_ms=50 not %run %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=HOLD < %t.out && FileCheck %s --check-prefix=DEFAULT < %t.out
// RUN: %env_parcheck_opts=long_hold_ms=50:watchdog_interval_ms=100000 not %run %t > %t.end 2>&1 && FileCheck %s --check-prefix=HOLD < %t.end && FileCheck %s --check-prefix=DEFAULT < %t.end
// RUN: %env_parcheck_opts=long_wait_ms=50 not %run %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=WAIT < %t.out && FileCheck %s --check-prefix=DEFAULT < %t.out
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="WARNING: parcheck"
// Negative: a threshold far above any duration; and a run where main takes the lock only after
// the holder is done (no wait at all, whatever the timing).
// RUN: %env_parcheck_opts=long_hold_ms=1000000:long_wait_ms=1000000 %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=long_hold_ms=50:long_wait_ms=50 %run %t no-wait 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="WARNING: parcheck"
#include "blocked.h"
#include <pthread.h>
#include <string.h>

pthread_mutex_t config_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t held;
_Atomic pid_t main_tid;

static void *slow_holder(void *arg) {
  pthread_mutex_lock(&config_mu);
  pthread_barrier_wait(&held);
  if (arg) {
    wait_until_blocked_on(&main_tid, &config_mu, sizeof config_mu);
    usleep(500000);  // main waits at least this long
  }
  pthread_mutex_unlock(&config_mu);
  return 0;
}

int main(int argc, char **argv) {
  int no_wait = argc > 1 && !strcmp(argv[1], "no-wait");
  pthread_barrier_init(&held, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, slow_holder, no_wait ? 0 : (void *)1);
  pthread_barrier_wait(&held);
  if (no_wait) pthread_join(t, 0);
  main_tid = this_tid();
  pthread_mutex_lock(&config_mu);  // waits at least 500 ms
  pthread_mutex_unlock(&config_mu);
  if (!no_wait) pthread_join(t, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// HOLD: WARNING: parcheck: long hold
// HOLD: Thread T0 has waited {{[0-9]+}} ms for mutex 'config_mu':
// HOLD-NEXT: #0 main {{.*}}long-hold.c:48
// HOLD: Held by: T1
// HOLD: SUMMARY: parcheck: long hold on 'config_mu' [parcheck-long-hold]
// (The program's own last line is checked apart: the reporter thread may write after it.)
// WAIT: WARNING: parcheck: long wait
// WAIT: SUMMARY: parcheck: long wait on 'config_mu' [parcheck-long-wait]
// DEFAULT: done
