// lean_look=0: a plain mutex's lean lock makes the real call at once, and a call that blocks is
// not marked as a wait. Only the watchdog sees it, as a wait from its second look on. This
// test shows each consequence, and that nothing is lost that the watchdog can see:
//  * deadlock: T1 and T2 first take mu1 -> mu2 and mu2 -> mu1 in turn (so each thread knows
//    its edge and its nested lock takes the lean path), then each holds its first lock and
//    blocks on the other's, in two unmarked calls. The watchdog must find the cycle: the run
//    exits with deadlock_exitcode (67) instead of hanging (%run's 60 s limit).
//  * long: main blocks on config_mu (its lean lock: it has used its held-lock stack before)
//    while T1 holds it for 1,000 ms after seeing main blocked (Inputs/blocked.h): twenty times
//    long_wait_ms=50, and a hundred times watchdog_interval_ms=10. The long wait is reported
//    from the watchdog's looks. With a watchdog that never looks (watchdog_interval_ms=100000)
//    it is not reported: the wait was not marked (with lean_look=1 the same run reports it,
//    when the wait ends). The statistics count the wait as contended, and time it, when it
//    was marked (lean_look=1) or seen on two looks: then with the time between the watchdog's
//    first and last look at it, here over 100 ms of the 1,000 (ten times below).
//  * dead-owner: main blocks on config_mu, held by a thread that has exited (joined): every
//    thread is blocked, reported as a deadlock (exit 67). The statistics show the unmarked
//    wait: not counted as contended (it has not ended), and main's acquisition counted
//    already (a lean lock counts its acquisition when it pushes its hold, before the call).
//  * starve: the same on a recursive mutex, queue_mu, which T1 keeps taken and takes again 40
//    times (15 ms each) while main waits (as in starvation-mutex.c, so that no hand-off to main
//    can happen): starvation, counted from the watchdog's first look.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=lean_look=0 %run %t deadlock > %t.dl 2>&1 || echo "exit=$?" >> %t.dl
// RUN: FileCheck %s --check-prefix=DEADLOCK < %t.dl
// RUN: %env_parcheck_opts=lean_look=0:long_wait_ms=50:watchdog_interval_ms=10:print_stats=1 not %run %t long > %t.long 2>&1
// RUN: FileCheck %s --check-prefixes=LONG,SEEN < %t.long && FileCheck %s --check-prefix=DONE < %t.long
// RUN: %env_parcheck_opts=lean_look=0:long_wait_ms=50:watchdog_interval_ms=100000:print_stats=1 %run %t long > %t.unseen 2>&1
// RUN: FileCheck %s --check-prefixes=DONE,UNCOUNTED --implicit-check-not="WARNING: parcheck" < %t.unseen
// RUN: %env_parcheck_opts=long_wait_ms=50:watchdog_interval_ms=100000:print_stats=1 not %run %t long > %t.marked 2>&1
// RUN: FileCheck %s --check-prefixes=LONG,COUNTED < %t.marked && FileCheck %s --check-prefix=DONE < %t.marked
// RUN: %env_parcheck_opts=lean_look=0:starvation_ms=50:starvation_min_acquisitions=4:watchdog_interval_ms=10 not %run %t starve > %t.starve 2>&1
// RUN: FileCheck %s --check-prefix=STARVE < %t.starve && FileCheck %s --check-prefix=DONE < %t.starve
// RUN: %env_parcheck_opts=lean_look=0:print_stats=1 %run %t dead-owner > %t.dead 2>&1 || echo "exit=$?" >> %t.dead
// RUN: FileCheck %s --check-prefix=DEAD < %t.dead
// Negative: no wait at all (main takes the mutex after T1 is done), whatever the timing.
// And `hammer`: four threads take four mutexes 200,000 times each, nested in one order (no
// deadlock is possible), with the watchdog looking every millisecond: a call it catches after
// the real lock returned (the caller owns the mutex until the mark is cleared), or torn between
// two threads' states, must never make a deadlock. (The starvation threshold is set beyond
// %run's limit: on a busy machine a thread can really wait that long, a true finding.)
// RUN: %env_parcheck_opts=lean_look=0:long_wait_ms=50:starvation_ms=50:starvation_min_acquisitions=1:watchdog_interval_ms=10 %run %t no-wait 2>&1 | FileCheck %s --check-prefix=DONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=lean_look=0:watchdog_interval_ms=1:starvation_ms=100000 %run %t hammer 2>&1 | FileCheck %s --check-prefix=HAMMER --implicit-check-not="WARNING: parcheck"
#define _GNU_SOURCE  // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#include "blocked.h"
#include <pthread.h>
#include <semaphore.h>
#include <string.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t config_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t warm_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t queue_mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_barrier_t both_hold_one, held;
sem_t t1_warm;
_Atomic pid_t main_tid;
static const char *mode;

static void nested(pthread_mutex_t *a, pthread_mutex_t *b) {
  pthread_mutex_lock(a);
  pthread_mutex_lock(b);
  pthread_mutex_unlock(b);
  pthread_mutex_unlock(a);
}

static void *t1(void *arg) {
  nested(&mu1, &mu2);
  sem_post(&t1_warm);
  pthread_barrier_wait(&both_hold_one);  // T2 has warmed up
  pthread_mutex_lock(&mu1);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu2);  // blocks for ever: T2 holds mu2
  return 0;
}

static void *t2(void *arg) {
  sem_wait(&t1_warm);
  nested(&mu2, &mu1);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu2);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu1);  // blocks for ever: T1 holds mu1
  return 0;
}

static void *exits_holding(void *arg) {
  pthread_mutex_lock(&config_mu);  // and never lets go: the thread ends holding it
  return 0;
}

static void *holder(void *arg) {
  pthread_mutex_t *m = arg;
  pthread_mutex_lock(m);
  pthread_barrier_wait(&held);
  if (strcmp(mode, "no-wait")) {
    wait_until_blocked_on(&main_tid, m, sizeof *m);
    if (!strcmp(mode, "starve")) {
      for (int i = 0; i < 40; ++i) {
        pthread_mutex_lock(m);
        usleep(15000);
        pthread_mutex_unlock(m);
      }
    } else {
      usleep(1000000);  // main waits at least this long
    }
  }
  pthread_mutex_unlock(m);
  return 0;
}

pthread_mutex_t hammered[4] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                               PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
long hammer_counts[4];

static void *hammer(void *arg) {
  unsigned seed = (unsigned)(long)arg * 7919u + 1;
  for (int i = 0; i < 200000; ++i) {
    seed = seed * 1103515245u + 12345u;
    int x = (seed >> 8) % 4, y = (seed >> 16) % 4;
    int lo = x < y ? x : y, hi = x < y ? y : x;
    pthread_mutex_lock(&hammered[lo]);
    if (hi != lo) {
      pthread_mutex_lock(&hammered[hi]);
      hammer_counts[hi]++;
      pthread_mutex_unlock(&hammered[hi]);
    }
    hammer_counts[lo]++;
    pthread_mutex_unlock(&hammered[lo]);
  }
  return 0;
}

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "";
  pthread_t a, b;
  if (!strcmp(mode, "hammer")) {
    pthread_t t[4];
    for (long i = 0; i < 4; ++i) pthread_create(&t[i], 0, hammer, (void *)i);
    for (int i = 0; i < 4; ++i) pthread_join(t[i], 0);
    long sum = 0;
    for (int i = 0; i < 4; ++i) sum += hammer_counts[i];
    fprintf(stderr, "hammered %s\n", sum >= 800000 ? "ok" : "LOST");
    return 0;
  }
  if (!strcmp(mode, "deadlock")) {
    sem_init(&t1_warm, 0, 0);
    pthread_barrier_init(&both_hold_one, 0, 2);
    pthread_create(&a, 0, t1, 0);
    pthread_create(&b, 0, t2, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    printf("not reached\n");
    return 0;
  }
  pthread_mutex_lock(&warm_mu);  // main's held-lock stack is used: its next lock is lean
  pthread_mutex_unlock(&warm_mu);
  if (!strcmp(mode, "dead-owner")) {
    pthread_create(&a, 0, exits_holding, 0);
    pthread_join(a, 0);
    pthread_mutex_lock(&config_mu);  // blocks for ever: its owner has exited
    printf("not reached\n");
    return 0;
  }
  pthread_mutex_t *m = !strcmp(mode, "starve") ? &queue_mu : &config_mu;
  pthread_barrier_init(&held, 0, 2);
  pthread_create(&a, 0, holder, m);
  pthread_barrier_wait(&held);
  if (!strcmp(mode, "no-wait")) pthread_join(a, 0);
  main_tid = this_tid();
  pthread_mutex_lock(m);
  pthread_mutex_unlock(m);
  if (strcmp(mode, "no-wait")) pthread_join(a, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// DEADLOCK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// DEADLOCK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle) (pid={{[0-9]+}})
// DEADLOCK-DAG: Thread T1 waits for mutex 'mu2' held by thread T2:
// DEADLOCK-DAG: #0 t1 {{.*}}lean-look-off.c:73
// DEADLOCK-DAG: Thread T2 waits for mutex 'mu1' held by thread T1:
// DEADLOCK-DAG: #0 t2 {{.*}}lean-look-off.c:83
// DEADLOCK: SUMMARY: parcheck: deadlock T{{[12]}} -> 'mu{{[12]}}' -> T{{[12]}} -> 'mu{{[12]}}' -> T{{[12]}} [parcheck-deadlock]
// DEADLOCK: real deadlock: exiting with code 67 instead of hanging (on_deadlock=exit)
// DEADLOCK-NOT: not reached
// DEADLOCK: exit=67
// DEAD: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// DEAD-NEXT: Thread T0 waits for mutex 'config_mu' held by thread T1:
// DEAD-NEXT: #0 main {{.*}}lean-look-off.c:161
// DEAD-NOT: not reached
// DEAD: {{^ }}2 0 {{.*}}mutex 'config_mu'
// DEAD: exit=67
// LONG: WARNING: parcheck: long wait
// LONG: Thread T0 has waited {{[0-9]+}} ms for mutex 'config_mu':
// LONG-NEXT: #0 main {{.*}}lean-look-off.c:171
// LONG: Held by: T1
// LONG: SUMMARY: parcheck: long wait on 'config_mu' [parcheck-long-wait]
// STARVE: WARNING: parcheck: starvation
// STARVE: Thread T0 has waited {{[0-9]+}} ms for mutex 'queue_mu' while other threads took it {{[0-9]+}} times:
// STARVE-NEXT: #0 main {{.*}}lean-look-off.c:171
// STARVE: SUMMARY: parcheck: starvation on 'queue_mu' [parcheck-starvation]
// (The program's own last line is checked apart: the reporter thread may write after it.)
// DONE: done
// HAMMER: hammered ok
// The statistics' row of config_mu: two acquisitions, and the wait counted as contended when
// it was marked or the watchdog saw it (then with a wait total of at least 100,000 us).
// UNCOUNTED: {{^ }}2 0 {{.*}}mutex 'config_mu'
// COUNTED: {{^ }}2 1 {{.*}}mutex 'config_mu'
// SEEN: {{^ }}2 1 {{[1-9][0-9][0-9][0-9][0-9][0-9]+}}.{{[0-9]}} {{.*}}mutex 'config_mu'
