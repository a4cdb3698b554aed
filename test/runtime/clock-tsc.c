// The runtime's clock (tsc_clock). Where the kernel's clocksource is the time-stamp counter,
// the shim reads the counter directly once it has calibrated it against CLOCK_MONOTONIC (due
// 50 ms into the run, at a clock read); elsewhere, and with tsc_clock=0, it reads
// CLOCK_MONOTONIC through the vDSO. verbosity=2 names the clock at exit.
// The program first sleeps 60 ms, so that both its timed events come after the calibration:
// a hold of hold_mu across a 100 ms sleep (hold_times=1), and a wait of main for wait_mu,
// made certain by Inputs/blocked.h. It measures each around the calls itself with
// CLOCK_MONOTONIC. The shim's figures (JSON) must lie inside the program's: the hold at least
// the 100 ms slept and at most the program's outer measurement, the wait above zero and at
// most the program's measurement of its lock call (each bound within a thousandth and 50 us,
// the scale's error being about 10^-5). A scale off by 1% fails it.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: if grep -qx tsc /sys/devices/system/clocksource/clocksource0/current_clocksource; then echo TSC; else echo VDSO; fi > %t.src
// RUN: rm -f %t.json %t.0.json
// RUN: %env_parcheck_opts=verbosity=2:hold_times=1:json_path=%t.json %run %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=$(cat %t.src) < %t.out
// RUN: %python %S/Inputs/clock_within.py %t.out %t.json | FileCheck %s --check-prefix=WITHIN
// RUN: %env_parcheck_opts=verbosity=2:hold_times=1:tsc_clock=0:json_path=%t.0.json %run %t > %t.0.out 2>&1
// RUN: FileCheck %s --check-prefix=OFF < %t.0.out
// RUN: %python %S/Inputs/clock_within.py %t.0.out %t.0.json | FileCheck %s --check-prefix=WITHIN
#include "blocked.h"
#include <pthread.h>
#include <stdint.h>

pthread_mutex_t hold_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t wait_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t bar;
_Atomic pid_t main_tid;

static uint64_t mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
static void sleep_ms(long ms) {
  struct timespec ts = {0, ms * 1000000};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static void *holder(void *arg) {
  pthread_mutex_lock(&wait_mu);
  pthread_barrier_wait(&bar);
  wait_until_blocked_on(&main_tid, &wait_mu, sizeof wait_mu);
  pthread_mutex_unlock(&wait_mu);
  return 0;
}

int main(void) {
  sleep_ms(60);
  uint64_t h0 = mono();
  pthread_mutex_lock(&hold_mu);
  sleep_ms(100);
  pthread_mutex_unlock(&hold_mu);
  uint64_t h1 = mono();
  printf("program hold_mu %llu\n", (unsigned long long)(h1 - h0));
  pthread_barrier_init(&bar, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  pthread_barrier_wait(&bar);
  main_tid = this_tid();
  uint64_t w0 = mono();
  pthread_mutex_lock(&wait_mu);
  uint64_t w1 = mono();
  pthread_mutex_unlock(&wait_mu);
  pthread_join(t, 0);
  printf("program wait_mu %llu\n", (unsigned long long)(w1 - w0));
  fflush(stdout);
  return 0;
}
// TSC: ==parcheck== clock: tsc, {{[1-9][0-9]*\.[0-9]}} MHz
// VDSO: ==parcheck== clock: vdso
// OFF: ==parcheck== clock: vdso
// WITHIN: hold_mu: ok
// WITHIN: wait_mu: ok
