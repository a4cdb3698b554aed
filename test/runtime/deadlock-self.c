// Locking a normal (non-recursive) mutex again from the thread that holds it can never
// succeed: it is reported as a double lock and handled like a real deadlock.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t > %t.log 2>&1 || echo "exit=$?" >> %t.log
// RUN: FileCheck %s < %t.log
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&mu);
  pthread_mutex_lock(&mu);  // self-deadlock
  printf("not reached\n");
  return 0;
}
// CHECK: WARNING: parcheck: double lock of a non-recursive lock (self-deadlock)
// CHECK: Thread T0 locks mutex 'mu' again here:
// CHECK-NEXT: #0 main {{.*}}deadlock-self.c:13
// CHECK: while holding it since here:
// CHECK-NEXT: #0 main {{.*}}deadlock-self.c:12
// CHECK: SUMMARY: parcheck: double-lock 'mu' [parcheck-double-lock]
// CHECK: self-deadlock: exiting with code 67
// CHECK: exit=67
