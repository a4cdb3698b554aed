// A spin lock taken again by the thread that holds it spins for ever: reported at once as a
// double lock, like a normal mutex (deadlock-self.c), not only later by the watchdog as a
// wait-for cycle. glibc's x86 spin lock word is 1 when free and 0 when taken (its generic code
// uses 0 for free); the runtime reads which from the real pthread_spin_init, so the check
// "is it really held" is right on either.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t > %t.log 2>&1 || echo "exit=$?" >> %t.log
// RUN: FileCheck %s < %t.log
#include <pthread.h>
#include <stdio.h>

pthread_spinlock_t spin;

int main(void) {
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_lock(&spin);
  pthread_spin_lock(&spin);  // self-deadlock
  printf("not reached\n");
  return 0;
}
// CHECK: WARNING: parcheck: double lock of a non-recursive lock (self-deadlock)
// CHECK: Thread T0 locks spinlock 'spin' again here:
// CHECK-NEXT: #0 main {{.*}}deadlock-self-spin.c:17
// CHECK: while holding it since here:
// CHECK-NEXT: #0 main {{.*}}deadlock-self-spin.c:16
// CHECK: SUMMARY: parcheck: double-lock 'spin' [parcheck-double-lock]
// CHECK: self-deadlock: exiting with code 67
// CHECK: exit=67
