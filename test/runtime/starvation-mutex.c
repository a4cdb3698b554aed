// Mutex starvation: the victim waits for queue_mu past the threshold while another thread
// takes it again and again. Made deterministic the way starvation-writer.c is: the greedy
// thread keeps the recursive mutex taken the whole time and re-takes it recursively 40 times,
// so the lock is never free while the victim waits. (The realistic version, a greedy thread
// that releases and at once re-takes a normal mutex, relies on glibc's unfair hand-off; on a
// 2-core VM the woken victim still wins about one hand-off in five, so it cannot gate CI.)
// The negative runs: a threshold longer than the program, and a long wait during which too few
// acquisitions by others were seen (starvation_min_acquisitions) is not starvation.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=starvation_ms=300:starvation_min_acquisitions=5 not %run %t 2>&1 | FileCheck %s
// RUN: %env_parcheck_opts=starvation_ms=100000 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=300:starvation_min_acquisitions=1000 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=300:starvation_min_acquisitions=5:detect_starvation=0 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// The watchdog looks every watchdog_interval_ms: at 5 s it never looks during this 1 s run.
// RUN: %env_parcheck_opts=starvation_ms=300:starvation_min_acquisitions=5:watchdog_interval_ms=5000 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
#define _GNU_SOURCE  // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t queue_mu = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_barrier_t started;

static void *greedy(void *arg) {
  pthread_mutex_lock(&queue_mu);
  pthread_barrier_wait(&started);
  for (int i = 0; i < 40; ++i) {
    pthread_mutex_lock(&queue_mu);
    usleep(25000);
    pthread_mutex_unlock(&queue_mu);
  }
  pthread_mutex_unlock(&queue_mu);
  return 0;
}

static void *victim(void *arg) {
  pthread_barrier_wait(&started);
  pthread_mutex_lock(&queue_mu);
  pthread_mutex_unlock(&queue_mu);
  return 0;
}

int main(void) {
  pthread_barrier_init(&started, 0, 2);
  pthread_t g, v;
  pthread_create(&g, 0, greedy, 0);
  pthread_create(&v, 0, victim, 0);
  pthread_join(g, 0);
  pthread_join(v, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: starvation (pid={{[0-9]+}})
// CHECK: Thread T2 has waited {{[0-9]+}} ms for mutex 'queue_mu' while other threads took it {{[0-9]+}} times:
// CHECK-NEXT: #0 victim {{.*}}starvation-mutex.c:38
// CHECK: Held by: T1
// CHECK: SUMMARY: parcheck: starvation on 'queue_mu' [parcheck-starvation]
// CHECK: done
// NONE: done
