// detect_deadlocks=0 turns the watchdog off: a real deadlock is then neither reported nor
// ended by the runtime, and the program hangs as it would without the shim (here its own
// alarm ends it with code 3). By default the same program is reported and exits 67.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=detect_lock_order=0 not %run %t 2>&1 | FileCheck %s
// RUN: %env_parcheck_opts=detect_lock_order=0 %run %t; test $? -eq 67
// RUN: %env_parcheck_opts=detect_lock_order=0:detect_deadlocks=0 not %run %t 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=detect_lock_order=0:detect_deadlocks=0 %run %t; test $? -eq 3
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void on_alarm(int sig) {
  static const char msg[] = "alarm: still blocked, giving up\n";
  (void)!write(2, msg, sizeof(msg) - 1);
  _exit(3);
}

static void *ba(void *arg) {
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&a);
  return 0;
}

int main(void) {
  signal(SIGALRM, on_alarm);
  alarm(3);
  pthread_barrier_init(&both_hold_one, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, ba, 0);
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&b);  // a real AB/BA deadlock
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle)
// CHECK: real deadlock: exiting with code 67 instead of hanging
// OFF: alarm: still blocked, giving up
