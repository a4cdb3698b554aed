// A real AB/BA deadlock: the inversion is reported before the threads block, the watchdog
// then finds both threads blocked in a wait-for cycle, reports it and exits with
// deadlock_exitcode (67) instead of hanging.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t > %t.log 2>&1 || echo "exit=$?" >> %t.log
// RUN: FileCheck %s < %t.log
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *t1(void *arg) {
  pthread_mutex_lock(&mu1);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu2);  // blocks forever: T2 holds mu2
  return 0;
}

static void *t2(void *arg) {
  pthread_mutex_lock(&mu2);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu1);  // blocks forever: T1 holds mu1
  return 0;
}

int main(void) {
  pthread_barrier_init(&both_hold_one, 0, 2);
  pthread_t a, b;
  pthread_create(&a, 0, t1, 0);
  pthread_create(&b, 0, t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("not reached\n");
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle) (pid={{[0-9]+}})
// CHECK-DAG: Thread T1 waits for mutex 'mu2' held by thread T2:
// CHECK-DAG: #0 t1 {{.*}}deadlock-abba.c:17
// CHECK-DAG: 'mu2' was taken by T2 here:
// CHECK-DAG: Thread T2 waits for mutex 'mu1' held by thread T1:
// CHECK-DAG: #0 t2 {{.*}}deadlock-abba.c:24
// CHECK: SUMMARY: parcheck: deadlock T{{[12]}} -> 'mu{{[12]}}' -> T{{[12]}} -> 'mu{{[12]}}' -> T{{[12]}} [parcheck-deadlock]
// CHECK: real deadlock: exiting with code 67 instead of hanging (on_deadlock=exit)
// CHECK-NOT: not reached
// CHECK: exit=67
