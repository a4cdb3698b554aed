// A million live heap mutexes and 300 held at once by one thread: no hard limit. A reverse pair
// at the end is still found, through the holder's own chain of edges (direct edges come only
// from the 16 newest held locks and those at power-of-two distances, not all 44850 pairs).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"
#include <stdio.h>
#include <stdlib.h>

enum { kLocks = 1000000, kHeld = 300 };
pthread_mutex_t *locks;

static void *hold_many(void *arg) {
  for (int i = 0; i < kHeld; ++i) pthread_mutex_lock(&locks[i]);
  for (int i = kHeld - 1; i >= 0; --i) pthread_mutex_unlock(&locks[i]);
  fprintf(stderr, "held %d at once\n", kHeld);
  return 0;
}

static void *reverse_pair(void *arg) {
  pthread_mutex_lock(&locks[kHeld - 1]);
  pthread_mutex_lock(&locks[0]);
  pthread_mutex_unlock(&locks[0]);
  pthread_mutex_unlock(&locks[kHeld - 1]);
  return 0;
}

int main(void) {
  locks = malloc(sizeof(pthread_mutex_t) * kLocks);
  for (int i = 0; i < kLocks; ++i) pthread_mutex_init(&locks[i], 0);
  for (int i = 0; i < kLocks; ++i) {
    pthread_mutex_lock(&locks[i]);
    pthread_mutex_unlock(&locks[i]);
  }
  RUN_IN_TURN(hold_many, reverse_pair);  // in turn, not ordered by a join: Inputs/in-turn.h
  return 0;
}
// CHECK: held 300 at once
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK-DAG: #0 reverse_pair {{.*}}stress-many-locks.c:22
// CHECK-DAG: #0 hold_many {{.*}}stress-many-locks.c:14
// CHECK: 1 report(s) (lock-order: 1); 1000000 locks, 3 threads, 5385 lock-order edges
