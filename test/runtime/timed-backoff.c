// A back-off with timed locks: each thread holds one lock, times out on the other with
// pthread_mutex_timedlock and backs off. Such a cycle cannot hang (a timed acquisition gives
// up), so by default it is treated like a trylock: nothing is reported. With
// report_timed_cycles=1 it is reported, as TSan does. Positive control: the same locks taken
// with blocking calls by threads running in turn are still reported. The timeout is already
// expired: both threads hold their first lock (a barrier) when they try the other.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=TIMED --implicit-check-not="WARNING: parcheck"
// RUN: env PARCHECK_OPTIONS=report_timed_cycles=1 not %run %t > %t.optin 2>&1
// RUN: FileCheck %s --check-prefix=OPTIN < %t.optin
// RUN: FileCheck %s --check-prefix=OPTIN-OUT < %t.optin
// RUN: %clang -g -O0 -DBLOCKING %s -o %t.block -lpthread
// RUN: not %run %t.block > %t.block.out 2>&1
// RUN: FileCheck %s --check-prefix=BLOCK < %t.block.out
// RUN: FileCheck %s --check-prefix=BLOCK-OUT < %t.block.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the -OUT prefixes, before the exit summary.
#define _GNU_SOURCE
#include "Inputs/in-turn.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

#ifdef BLOCKING
static void *ab(void *p) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}
static void *ba(void *p) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 0;
}
int main(void) {
  RUN_IN_TURN(ab, ba);
  fprintf(stderr, "done\n");
  return 0;
}
#else
static pthread_barrier_t both_hold, both_tried;
static const struct timespec expired = {0, 0};

// Holds `first`, tries `second` with a timeout, and backs off (releases `first`) on failure.
static int hold_and_try(pthread_mutex_t *first, pthread_mutex_t *second) {
  pthread_mutex_lock(first);
  pthread_barrier_wait(&both_hold);
  int r = pthread_mutex_timedlock(second, &expired);
  if (r == 0) pthread_mutex_unlock(second);
  pthread_barrier_wait(&both_tried);
  pthread_mutex_unlock(first);  // back off
  return r;
}
static void *t1(void *p) { return (void *)(long)hold_and_try(&a, &b); }

int main(void) {
  pthread_barrier_init(&both_hold, 0, 2);
  pthread_barrier_init(&both_tried, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, t1, 0);
  int r = hold_and_try(&b, &a);
  void *r1;
  pthread_join(t, &r1);
  fprintf(stderr, "main=%s t1=%s\n", r == ETIMEDOUT ? "ETIMEDOUT" : "?",
          (long)r1 == ETIMEDOUT ? "ETIMEDOUT" : "?");
  return 0;
}
#endif
// TIMED: main=ETIMEDOUT t1=ETIMEDOUT
// OPTIN: WARNING: parcheck: lock-order-inversion
// OPTIN: SUMMARY: parcheck: lock-order-inversion (potential deadlock) '{{[ab]}}' => '{{[ab]}}' => '{{[ab]}}'
// OPTIN: 1 report(s)
// OPTIN-OUT: main=ETIMEDOUT t1=ETIMEDOUT
// OPTIN-OUT: 1 report(s)
// BLOCK: WARNING: parcheck: lock-order-inversion
// BLOCK: 1 report(s)
// BLOCK-OUT: done
// BLOCK-OUT: 1 report(s)
