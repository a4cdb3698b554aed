// Negative: the reverse order uses a trylock, which backs off instead of blocking, so the
// cycle cannot deadlock. The blocking variant is reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=TRY --implicit-check-not="WARNING: parcheck"
// RUN: %clang -g -O0 -DBLOCKING %s -o %t.block -lpthread
// RUN: not %run %t.block 2>&1 | FileCheck %s --check-prefix=BLOCK
#include "Inputs/in-turn.h"
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *arg) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}

static void *ba(void *arg) {
  pthread_mutex_lock(&b);
#ifdef BLOCKING
  pthread_mutex_lock(&a);
#else
  if (pthread_mutex_trylock(&a) != 0) {
    pthread_mutex_unlock(&b);
    return 0;
  }
#endif
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 0;
}

int main(void) {
  // One after the other, in turn: the cycle is in the lock-order graph, but no
  // deadlock can happen (and no join orders the threads: Inputs/in-turn.h).
  RUN_IN_TURN(ab, ba);
  fprintf(stderr, "done\n");
  return 0;
}
// TRY: done
// BLOCK: WARNING: parcheck: lock-order-inversion
