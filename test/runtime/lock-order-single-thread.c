// Negative: one thread alone takes a => b and later b => a. A single thread cannot deadlock
// with itself this way, so nothing is reported -- unless ignore_single_thread_cycles=0 asks
// TSan's and helgrind's question (is the order consistent in the code?).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: env PARCHECK_OPTIONS=ignore_single_thread_cycles=0 not %run %t 2>&1 | FileCheck %s --check-prefixes=TSAN,CHECK
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  fprintf(stderr, "done\n");
  return 0;
}
// TSAN: WARNING: parcheck: lock-order-inversion (potential deadlock)
// TSAN: Cycle in lock order graph: M{{[0-9]+}} ('a') => M{{[0-9]+}} ('b') => M{{[0-9]+}}
// TSAN: Threads involved: T0
// CHECK: done
