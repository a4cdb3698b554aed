// Mutex starvation: the victim waits for queue_mu while another thread takes it again and
// again. Deterministic: the greedy thread keeps the recursive mutex taken the whole time, and
// re-takes it 40 times only once the victim is blocked on it (Inputs/blocked.h), sleeping
// 15 ms each time, so the victim waits at least 600 ms (12 times starvation_ms=50) while
// others take the lock exactly 40 times. (The realistic version, a greedy thread that
// releases and at once re-takes a normal mutex, relies on glibc's unfair hand-off, which no
// test can force.) The verdict is made when the wait ends, from the exact figures: the count
// is exact, and a watchdog that never looks (watchdog_interval_ms=100000) changes nothing.
// Negative runs: starvation_min_acquisitions above the count (whatever the timing), a
// threshold far above any duration, and detect_starvation=0.
// A plain mutex keeps its wait counters in its own robust-list words (WaitCounters,
// rt_locks.h); a robust, priority-inheritance or process-shared one, whose words glibc uses
// or another process shares, keeps them in the lock's side block. `./t robust`, `./t pi` and
// `./t pshared` run the same schedule on such a mutex: the count is exact there too. (Kept in a
// robust mutex's words, the counters would be overwritten by glibc's list as the victim takes
// the mutex, and the report lost.)
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// The watchdog may report the wait while it goes on (then with the figures so far, possibly
// after the program's own last line): the program's output is checked apart (DONE).
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=4 not %run %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out && FileCheck %s --check-prefix=DONE < %t.out
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=40:watchdog_interval_ms=100000 not %run %t > %t.exact 2>&1 && FileCheck %s --check-prefix=EXACT < %t.exact && FileCheck %s --check-prefix=DONE < %t.exact
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=41 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=1000000 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=4:detect_starvation=0 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=40:watchdog_interval_ms=100000 not %run %t robust > %t.robust 2>&1 && FileCheck %s --check-prefix=EXACT < %t.robust && FileCheck %s --check-prefix=DONE < %t.robust
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=41 %run %t robust 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=40:watchdog_interval_ms=100000 not %run %t pi > %t.pi 2>&1 && FileCheck %s --check-prefix=EXACT < %t.pi && FileCheck %s --check-prefix=DONE < %t.pi
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=41 %run %t pi 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=40:watchdog_interval_ms=100000 not %run %t pshared > %t.pshared 2>&1 && FileCheck %s --check-prefix=EXACT < %t.pshared && FileCheck %s --check-prefix=DONE < %t.pshared
#define _GNU_SOURCE  // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#include "blocked.h"
#include <pthread.h>
#include <string.h>

pthread_mutex_t queue_mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_barrier_t started;
_Atomic pid_t victim_tid;

static void *greedy(void *arg) {
  pthread_mutex_lock(&queue_mu);
  pthread_barrier_wait(&started);
  wait_until_blocked_on(&victim_tid, &queue_mu, sizeof queue_mu);
  for (int i = 0; i < 40; ++i) {
    pthread_mutex_lock(&queue_mu);
    usleep(15000);
    pthread_mutex_unlock(&queue_mu);
  }
  pthread_mutex_unlock(&queue_mu);
  return 0;
}

static void *victim(void *arg) {
  pthread_barrier_wait(&started);
  victim_tid = this_tid();
  pthread_mutex_lock(&queue_mu);
  pthread_mutex_unlock(&queue_mu);
  return 0;
}

// A recursive mutex of the protocol argv[1] names (none: the static initialiser's).
static void init_queue_mu(const char *kind) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  if (!strcmp(kind, "robust"))
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  else if (!strcmp(kind, "pi"))
    pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
  else if (!strcmp(kind, "pshared"))
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
  else
    abort();
  if (pthread_mutex_init(&queue_mu, &a)) abort();
  pthread_mutexattr_destroy(&a);
}

int main(int argc, char **argv) {
  if (argc > 1) init_queue_mu(argv[1]);
  pthread_barrier_init(&started, 0, 2);
  pthread_t g, v;
  pthread_create(&g, 0, greedy, 0);
  pthread_create(&v, 0, victim, 0);
  pthread_join(g, 0);
  pthread_join(v, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: starvation (pid={{[0-9]+}})
// CHECK: Thread T2 has waited {{[0-9]+}} ms for mutex 'queue_mu' while other threads took it {{[0-9]+}} times:
// CHECK-NEXT: #0 victim {{.*}}starvation-mutex.c:56
// CHECK: Held by: T1
// CHECK: Thread T2 created by main thread at:
// CHECK-NEXT: #0 main {{.*}}starvation-mutex.c:83
// CHECK: Thread T1 created by main thread at:
// CHECK-NEXT: #0 main {{.*}}starvation-mutex.c:82
// CHECK: SUMMARY: parcheck: starvation on 'queue_mu' [parcheck-starvation]
// DONE: done
// EXACT: Thread T2 has waited {{[0-9]+}} ms for mutex 'queue_mu' while other threads took it 40 times:
// EXACT: SUMMARY: parcheck: starvation on 'queue_mu' [parcheck-starvation]
// (The program's own last line is checked apart: the reporter thread may write after it.)
// NONE: done
