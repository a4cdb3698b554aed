// A hung llvm-dwarfdump (the tool a report runs to name a lock inside a global array by its
// element, element-names.c) never hangs the program: after symbolizer_timeout_ms without output
// it is killed, the lock keeps its `symbol+offset` name, the report is written and counted, and
// the tool is not run again in the process. Both with the report thread and with
// report_thread=0, where the report is written on the program thread that raised it. Before,
// the runtime read the tool's output until it ended: the report (and, with report_thread=0, the
// program thread) waited for ever, and the hard limit (timeout 600) ended the run, exit 124.
// The time-out is the default one (symbolizer_timeout_ms, 20 s), far from both sides: the real
// llvm-symbolizer, which names the global first, answers in about 0.2 s of CPU (1.5 s on a
// machine loaded 10 times over its cores), and the hard limit is 30 times longer.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -rf %t.bin && mkdir %t.bin
// RUN: printf '#!/bin/sh\nexec sleep 900\n' > %t.bin/llvm-dwarfdump-19 && chmod +x %t.bin/llvm-dwarfdump-19
// RUN: env PATH=%t.bin:$PATH timeout 600 %parcheck-run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// RUN: env PATH=%t.bin:$PATH PARCHECK_OPTIONS=report_thread=0 timeout 600 %parcheck-run %t > %t.inline 2>&1 || echo "exit=$?" >> %t.inline
// RUN: FileCheck %s < %t.inline
#include <pthread.h>

pthread_mutex_t forks[2] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
pthread_mutex_t grid[2][3];

// One thread takes a => b, then b => a: a single-thread cycle, reported by default.
static void both_orders(pthread_mutex_t *a, pthread_mutex_t *b) {
  pthread_mutex_lock(a);
  pthread_mutex_lock(b);
  pthread_mutex_unlock(b);
  pthread_mutex_unlock(a);
  pthread_mutex_lock(b);
  pthread_mutex_lock(a);
  pthread_mutex_unlock(a);
  pthread_mutex_unlock(b);
}

int main(void) {
  for (int i = 0; i < 6; ++i) pthread_mutex_init(&grid[i / 3][i % 3], 0);
  both_orders(&forks[0], &forks[1]);
  both_orders(&grid[0][1], &grid[1][2]);
  return 0;
}
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'forks' => 'forks+40' => 'forks' [parcheck-lock-order]
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'grid+200' => 'grid+40' => 'grid+200' [parcheck-lock-order]
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 2 report(s)
// CHECK: exit=66
