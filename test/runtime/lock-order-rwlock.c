// rwlocks: two readers taking r1 and r2 in opposite orders cannot block each other (no
// report); with a writer in one of the orders they can deadlock (reported).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=READ --implicit-check-not="WARNING: parcheck"
// RUN: %clang -g -O0 -DWRITER %s -o %t.w -lpthread
// RUN: not %run %t.w 2>&1 | FileCheck %s --check-prefix=WRITE
#include "Inputs/in-turn.h"
#include <stdio.h>

pthread_rwlock_t r1 = PTHREAD_RWLOCK_INITIALIZER;
pthread_rwlock_t r2 = PTHREAD_RWLOCK_INITIALIZER;

static void *read12(void *arg) {
  pthread_rwlock_rdlock(&r1);
  pthread_rwlock_rdlock(&r2);
  pthread_rwlock_unlock(&r2);
  pthread_rwlock_unlock(&r1);
  return 0;
}

static void *other21(void *arg) {
#ifdef WRITER
  pthread_rwlock_wrlock(&r2);
  pthread_rwlock_wrlock(&r1);
#else
  pthread_rwlock_rdlock(&r2);
  pthread_rwlock_rdlock(&r1);
#endif
  pthread_rwlock_unlock(&r1);
  pthread_rwlock_unlock(&r2);
  return 0;
}

int main(void) {
  // One after the other, in turn: the cycle is in the lock-order graph, but no
  // deadlock can happen (and no join orders the threads: Inputs/in-turn.h).
  RUN_IN_TURN(read12, other21);
  fprintf(stderr, "done\n");
  return 0;
}
// READ: done
// WRITE: WARNING: parcheck: lock-order-inversion
// WRITE: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'r1' => 'r2' => 'r1'
