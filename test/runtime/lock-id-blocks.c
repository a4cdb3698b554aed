// Lock ids (the reports' M<n>) are drawn one at a time for a thread's first 64 locks, so a
// small program's locks are M1, M2, ... in the order of first use; past those, a thread draws
// them in blocks of 64 (a shared counter bumped at every first use was a tenth of the shim's
// time when threads make many locks at once). Here the main thread makes 71 locks: its 65th
// starts a block, 65 to 128, and its 71st is M71. Thread T1 draws its own first id one at a
// time, after that block: its lock is M129 (M72 without blocks). Ids stay unique: the cycle
// between them names both.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"
#include <stdlib.h>

static pthread_mutex_t *many, *y, *z;

static void take(pthread_mutex_t *m) {
  pthread_mutex_lock(m);
  pthread_mutex_unlock(m);
}
static void nest(pthread_mutex_t *outer, pthread_mutex_t *inner) {
  pthread_mutex_lock(outer);
  pthread_mutex_lock(inner);
  pthread_mutex_unlock(inner);
  pthread_mutex_unlock(outer);
}
static void *y_then_z(void *arg) {
  (void)arg;
  nest(y, z);  // y is first used here: M129
  return 0;
}
static void *z_then_y(void *arg) {
  (void)arg;
  nest(z, y);
  return 0;
}

int main(void) {
  many = malloc(71 * sizeof *many);
  for (int i = 0; i < 71; ++i) pthread_mutex_init(&many[i], 0);
  for (int i = 0; i < 71; ++i) take(&many[i]);  // M1 to M71
  z = &many[70];
  y = malloc(sizeof *y);
  pthread_mutex_init(y, 0);
  RUN_IN_TURN(y_then_z, z_then_y);
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK-NEXT: Cycle in lock order graph: M129 ('mutex first taken in nest at lock-id-blocks.c:20') => M71 ('mutex first taken in take at lock-id-blocks.c:16') => M129
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'mutex M129 (nest)' => 'mutex M71 (take)' => 'mutex M129 (nest)'
