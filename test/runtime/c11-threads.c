// C11 threads are followed as pthreads are: thrd_create (glibc's calls its pthread_create
// internally, past the pthread_create interceptor) and thrd_join have interceptors of their
// own. So a thread made by thrd_create has its creation stack and its T<n>, its stacks end at
// its start routine, its int result comes back through thrd_join, and a lock-order cycle split
// by thrd_join is not a potential deadlock (before, it was reported: the join was unseen).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t joined > %t.joined 2>&1 || echo "exit=$?" >> %t.joined
// RUN: FileCheck %s --check-prefix=JOINED --implicit-check-not="WARNING: parcheck" < %t.joined
// RUN: %run %t concurrent > %t.concurrent 2>&1 || echo "exit=$?" >> %t.concurrent
// RUN: FileCheck %s --check-prefix=CONCURRENT < %t.concurrent
// RUN: FileCheck %s --check-prefix=RESULTS < %t.concurrent
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

mtx_t a, b;
sem_t edge_made;

static int a_then_b(void *arg) {
  mtx_lock(&a);
  mtx_lock(&b);
  mtx_unlock(&b);
  mtx_unlock(&a);
  sem_post(&edge_made);
  return 5;
}

static int b_then_a(void *arg) {
  mtx_lock(&b);
  mtx_lock(&a);
  mtx_unlock(&a);
  mtx_unlock(&b);
  return 6;
}

int main(int argc, char **argv) {
  mtx_init(&a, mtx_plain);
  mtx_init(&b, mtx_plain);
  sem_init(&edge_made, 0, 0);
  thrd_t x, y;
  int r1 = 0, r2 = 0;
  if (argc > 1 && !strcmp(argv[1], "joined")) {
    thrd_create(&x, a_then_b, 0);
    thrd_join(x, &r1);  // x ends before y starts: the two orders never overlap
    thrd_create(&y, b_then_a, 0);
    thrd_join(y, &r2);
  } else {
    thrd_create(&x, a_then_b, 0);
    sem_wait(&edge_made);
    r2 = b_then_a(0);  // while x may still run: a potential deadlock
    thrd_join(x, &r1);
  }
  fprintf(stderr, "results %d %d\n", r1, r2);
  return 0;
}

// JOINED: results 5 6
// JOINED-NOT: exit=

// CONCURRENT: WARNING: parcheck: lock-order-inversion
// CONCURRENT: Mutex M2 ('b') acquired here while holding mutex M1 ('a') in thread T1:
// CONCURRENT-NEXT: #0 a_then_b {{.*}}c11-threads.c:22:3
// CONCURRENT-EMPTY:
// CONCURRENT: Thread T1 created by main thread at:
// CONCURRENT-NEXT: #0 main {{.*}}c11-threads.c:49:5
// CONCURRENT-EMPTY:
// CONCURRENT: exit=66

// The report is written by the reporter thread: before or after main's own line.
// RESULTS: results 5 6
