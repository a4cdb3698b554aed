// detect_deadlocks=0 turns the watchdog off: a real deadlock is then neither reported nor
// ended by the runtime, and the program hangs as it would without the shim. By default the
// same program is reported and exits 67 (lit's time limit is the only other way out).
// In the OFF runs a monitor thread ends the program with code 3 once both threads have been
// blocked on their locks (Inputs/blocked.h) for 2 s: with watchdog_interval_ms=10 a running
// watchdog would have confirmed the deadlock after 20 ms, a hundred times sooner.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=detect_lock_order=0 not %run %t 2>&1 | FileCheck %s
// RUN: %env_parcheck_opts=detect_lock_order=0 %run %t; test $? -eq 67
// RUN: %env_parcheck_opts=detect_lock_order=0:detect_deadlocks=0:watchdog_interval_ms=10 not %run %t monitor 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=detect_lock_order=0:detect_deadlocks=0:watchdog_interval_ms=10 %run %t monitor; test $? -eq 3
#include "blocked.h"
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;
_Atomic pid_t main_tid, ba_tid;

static void *monitor(void *arg) {
  wait_until_blocked_on(&main_tid, &b, sizeof b);
  wait_until_blocked_on(&ba_tid, &a, sizeof a);
  sleep(2);
  static const char msg[] = "monitor: still blocked, giving up\n";
  (void)!write(2, msg, sizeof(msg) - 1);
  _exit(3);
}

static void *ba(void *arg) {
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&both_hold_one);
  ba_tid = this_tid();
  pthread_mutex_lock(&a);
  return 0;
}

int main(int argc, char **argv) {
  pthread_barrier_init(&both_hold_one, 0, 2);
  pthread_t t, m;
  if (argc > 1) pthread_create(&m, 0, monitor, 0);
  pthread_create(&t, 0, ba, 0);
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&both_hold_one);
  main_tid = this_tid();
  pthread_mutex_lock(&b);  // a real AB/BA deadlock
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle)
// CHECK: real deadlock: exiting with code 67 instead of hanging
// OFF: monitor: still blocked, giving up
