// exitcode: the exit code of a process that reported anything; 0 keeps the program's own.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=exitcode=3 %run %t > %t.log 2>&1 || echo "exit=$?" >> %t.log
// RUN: FileCheck %s --check-prefix=THREE < %t.log
// RUN: FileCheck %s --check-prefix=THREE-OUT < %t.log
// RUN: %env_parcheck_opts=exitcode=0 %run %t > %t.zero 2>&1
// RUN: FileCheck %s --check-prefix=ZERO < %t.zero
// RUN: FileCheck %s --check-prefix=ZERO-OUT < %t.zero
// RUN: %run %t > %t.def 2>&1 || echo "exit=$?" >> %t.def
// RUN: FileCheck %s --check-prefix=DEFAULT < %t.def
// The reporter thread writes the report, so it may land before or after the program's own
// 'program end': that line is checked from the same output with the -OUT prefixes.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *ba(void *arg) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 0;
}

int main(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_t t;
  pthread_create(&t, 0, ba, 0);
  pthread_join(t, 0);
  fflush(stdout);
  fprintf(stderr, "program end\n");
  return 0;
}
// THREE: WARNING: parcheck: lock-order-inversion
// THREE: exit=3
// THREE-OUT: program end
// THREE-OUT: exit=3
// ZERO: WARNING: parcheck: lock-order-inversion
// ZERO: 1 report(s)
// ZERO-OUT: program end
// ZERO-OUT: 1 report(s)
// DEFAULT: exit=66
