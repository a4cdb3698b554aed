// Lock records are numbered while they fit in the record arena (a million of them,
// rt_locks.h: kArenaRecords); the mutexes whose records come after it have no number in their
// own words and are found through the lock table alone. Everything must work the same there:
// 1,100,000 mutexes are each taken once by the main thread, then a second thread (whose
// look-up cache misses every one) walks them all again, and two mutexes past the arena are
// taken in both orders by two threads in turn: the inversion is reported, and every mutex is
// counted. The negative control takes the pair in one order: no report. The program also
// reads the number the shim keeps in each mutex (the upper half of __data.__list.__prev,
// MutexRecordWord), to check that the run really went past the arena: the first mutex has a
// number, the last has none, and over a million have one.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
// RUN: %clang -g -O0 -DSAME_ORDER %s -o %t.same -lpthread
// RUN: %run %t.same 2>&1 | FileCheck %s --check-prefix=SAME --implicit-check-not="WARNING: parcheck"
// CHECK: first numbered: 1, last numbered: 0, over a million numbered: 1
// CHECK: walked 1100000
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: #0 pair {{.*}}many-mutexes-past-arena.c:[[@LINE+31]]
// CHECK: 1 report(s) (lock-order: 1); 1100000 locks
// SAME: first numbered: 1, last numbered: 0, over a million numbered: 1
// SAME: walked 1100000
#include "Inputs/in-turn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kLocks = 1100000 };
static pthread_mutex_t *locks;

static unsigned record_number(pthread_mutex_t *m) {
  unsigned n;
  memcpy(&n, (char *)&m->__data.__list.__prev + sizeof(unsigned), sizeof n);
  return n;
}

static void *walk(void *arg) {
  for (int i = 0; i < kLocks; ++i) {
    pthread_mutex_lock(&locks[i]);
    pthread_mutex_unlock(&locks[i]);
  }
  fprintf(stderr, "walked %d\n", kLocks);
  return 0;
}

static void *pair(void *arg) {
  pthread_mutex_t *a = &locks[kLocks - 1], *b = &locks[kLocks - 2];
  pthread_mutex_t *first = arg ? b : a, *second = arg ? a : b;
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  pthread_mutex_unlock(second);
  pthread_mutex_unlock(first);
  return 0;
}

int main(void) {
  locks = malloc(sizeof(pthread_mutex_t) * kLocks);
  for (int i = 0; i < kLocks; ++i) pthread_mutex_init(&locks[i], 0);
  for (int i = 0; i < kLocks; ++i) {
    pthread_mutex_lock(&locks[i]);
    pthread_mutex_unlock(&locks[i]);
  }
  int numbered = 0;
  for (int i = 0; i < kLocks; ++i) numbered += record_number(&locks[i]) != 0;
  fprintf(stderr, "first numbered: %d, last numbered: %d, over a million numbered: %d\n",
          record_number(&locks[0]) != 0, record_number(&locks[kLocks - 1]) != 0,
          numbered > 1000000);
#ifdef SAME_ORDER
  void *args[] = {0, 0, 0};
#else
  void *args[] = {0, 0, (void *)1};
#endif
  void *(*const fns[])(void *) = {walk, pair, pair};
  run_in_turn_args(fns, args, 3);
  return 0;
}
