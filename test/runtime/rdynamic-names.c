// In a program that exports its symbols (-rdynamic, which parcheck_instrument adds) the locks
// are named by dladdr: C globals 'm', 'i', 'a' and 'b' keep their names. They are not
// demangled as type encodings ('unsigned long', 'int', 'signed char', 'bool').
// RUN: %clang -g -O0 -rdynamic %s -o %t -lpthread
// RUN: %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// The same with the static runtime linked in, as parcheck_instrument does:
// RUN: %clang -g -O0 %s -o %t.static -Wl,--whole-archive %parcheck_rt_static -Wl,--no-whole-archive -rdynamic -lpthread -ldl -lstdc++
// RUN: env -u LD_PRELOAD timeout 60 %t.static > %t.static.out 2>&1 || echo "exit=$?" >> %t.static.out
// RUN: FileCheck %s < %t.static.out
// RUN: FileCheck %s --check-prefix=OUT < %t.static.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t i = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void nest(pthread_mutex_t *x, pthread_mutex_t *y) {
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
}

static void *other(void *arg) {
  nest(&i, &m);
  nest(&b, &a);
  return 0;
}

int main(void) {
  nest(&m, &i);
  nest(&a, &b);
  pthread_t t;
  pthread_create(&t, 0, other, 0);
  pthread_join(t, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK: Cycle in lock order graph: M{{[0-9]+}} ('i') => M{{[0-9]+}} ('m') => M{{[0-9]+}}
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'i' => 'm' => 'i' [parcheck-lock-order]
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK: Cycle in lock order graph: M{{[0-9]+}} ('a') => M{{[0-9]+}} ('b') => M{{[0-9]+}}
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'a' => 'b' => 'a' [parcheck-lock-order]
// CHECK: exit=66
// OUT: done
// OUT: exit=66
