// pthread spin locks take part in the lock order like mutexes.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"

pthread_spinlock_t s1, s2;

static void *ab(void *arg) {
  pthread_spin_lock(&s1);
  pthread_spin_lock(&s2);
  pthread_spin_unlock(&s2);
  pthread_spin_unlock(&s1);
  return 0;
}

static void *ba(void *arg) {
  pthread_spin_lock(&s2);
  pthread_spin_lock(&s1);
  pthread_spin_unlock(&s1);
  pthread_spin_unlock(&s2);
  return 0;
}

int main(void) {
  pthread_spin_init(&s1, 0);
  pthread_spin_init(&s2, 0);
  // One after the other, in turn: the cycle is in the lock-order graph, but no
  // deadlock can happen (and no join orders the threads: Inputs/in-turn.h).
  RUN_IN_TURN(ab, ba);
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 's1' => 's2' => 's1'
