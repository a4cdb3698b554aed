// 2000 locks held at once by one thread (one of them taken by a trylock) make a number of
// lock-order edges linear in the locks held, not n(n-1)/2 = 1999000, and an inversion
// between the first lock and the last, across that held set, is still reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=verbosity=1 not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"
#include <stdio.h>

enum { kHeld = 2000 };
pthread_mutex_t locks[kHeld];

static void *hold_all(void *arg) {
  for (int i = 0; i < kHeld; ++i) {
    if (i == kHeld / 2)
      pthread_mutex_trylock(&locks[i]);  // no edge leads into a trylocked lock
    else
      pthread_mutex_lock(&locks[i]);
  }
  for (int i = kHeld - 1; i >= 0; --i) pthread_mutex_unlock(&locks[i]);
  fprintf(stderr, "held %d at once\n", kHeld);
  return 0;
}

static void *last_then_first(void *arg) {
  pthread_mutex_lock(&locks[kHeld - 1]);
  pthread_mutex_lock(&locks[0]);
  pthread_mutex_unlock(&locks[0]);
  pthread_mutex_unlock(&locks[kHeld - 1]);
  return 0;
}

int main(void) {
  for (int i = 0; i < kHeld; ++i) pthread_mutex_init(&locks[i], 0);
  RUN_IN_TURN(hold_all, last_then_first);
  return 0;
}
// CHECK: held 2000 at once
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: #0 last_then_first {{.*}}hold-many-at-once.c
// CHECK: 1 report(s) (lock-order: 1); 2000 locks, 3 threads, {{[0-9][0-9]?[0-9]?[0-9]?[0-9]?}} lock-order edges
