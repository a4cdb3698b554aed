// Negative: both orders of a and b happen only while holding the gate lock, so they can never
// deadlock; with the gate missing in one thread, it is reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=GATED --implicit-check-not="WARNING: parcheck"
// RUN: %clang -g -O0 -DNO_GATE %s -o %t.nogate -lpthread
// RUN: not %run %t.nogate 2>&1 | FileCheck %s --check-prefix=UNGATED
#include "Inputs/in-turn.h"
#include <stdio.h>

pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *arg) {
  pthread_mutex_lock(&gate);
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&gate);
  return 0;
}

static void *ba(void *arg) {
#ifndef NO_GATE
  pthread_mutex_lock(&gate);
#endif
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
#ifndef NO_GATE
  pthread_mutex_unlock(&gate);
#endif
  return 0;
}

int main(void) {
  // One after the other, in turn: the cycle is in the lock-order graph, but no
  // deadlock can happen (and no join orders the threads: Inputs/in-turn.h).
  RUN_IN_TURN(ab, ba);
  fprintf(stderr, "done\n");
  return 0;
}
// GATED: done
// UNGATED: WARNING: parcheck: lock-order-inversion
// UNGATED: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'a' => 'b' => 'a'
