// C11 mtx_* are separate symbols on glibc (they call __pthread internals): intercepted too.
// The two threads overlap (the second starts before the first is joined, after its edge): a
// cycle split by thrd_join is not a potential deadlock (c11-threads.c).
// RUN: %clang -std=c11 -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include <semaphore.h>
#include <stdio.h>
#include <threads.h>

mtx_t ma, mb;
sem_t ab_done;

static int ab(void *arg) {
  mtx_lock(&ma);
  mtx_lock(&mb);
  mtx_unlock(&mb);
  mtx_unlock(&ma);
  sem_post(&ab_done);
  return 0;
}

static int ba(void *arg) {
  mtx_lock(&mb);
  if (mtx_trylock(&ma) == thrd_success) mtx_unlock(&ma);  // a trylock: no edge
  mtx_lock(&ma);
  mtx_unlock(&ma);
  mtx_unlock(&mb);
  return 0;
}

int main(void) {
  mtx_init(&ma, mtx_plain);
  mtx_init(&mb, mtx_plain);
  thrd_t t, u;
  sem_init(&ab_done, 0, 0);
  thrd_create(&t, ab, 0);
  sem_wait(&ab_done);
  thrd_create(&u, ba, 0);
  thrd_join(u, 0);
  thrd_join(t, 0);
  mtx_destroy(&ma);
  mtx_destroy(&mb);
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: Mutex M{{[0-9]+}} ('mb') acquired here while holding mutex M{{[0-9]+}} ('ma')
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'ma' => 'mb' => 'ma'
