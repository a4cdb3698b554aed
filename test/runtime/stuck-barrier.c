// A barrier for three threads that only two ever reach: both wait for ever. Reported as a
// stuck process, exit 67.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t; test $? -eq 67
// RUN: not %run %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdio.h>

pthread_barrier_t start_line;

static void *runner(void *arg) {
  pthread_barrier_wait(&start_line);
  return 0;
}

int main() {
  pthread_barrier_init(&start_line, 0, 3);  // one runner too few
  pthread_t t;
  pthread_create(&t, 0, runner, 0);
  pthread_barrier_wait(&start_line);
  pthread_join(t, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// CHECK-NEXT: Thread T0 waits in pthread_barrier_wait on barrier 'start_line':
// CHECK-NEXT: #0 main {{.*}}stuck-barrier.c:20
// CHECK: Thread T1 waits in pthread_barrier_wait on barrier 'start_line':
// CHECK-NEXT: #0 runner {{.*}}stuck-barrier.c:12
// CHECK: SUMMARY: parcheck: deadlock (all threads blocked) T0 -> barrier 'start_line', T1 -> barrier 'start_line' [parcheck-deadlock]
// CHECK: real deadlock: exiting with code 67 instead of hanging
// CHECK-NOT: done
