// A lock-order cycle split by joins. T1 takes a then b and is joined; then main takes b then a.
// No schedule of this program can deadlock, so by default (ignore_joined_cycles=1) nothing is
// reported. The order follows the join and a later creation: T2 is created after T1's join,
// so T2's b => a cannot overlap T1 either (pthread_timedjoin_np counts as a join too). With
// ignore_joined_cycles=0 the cycle is reported, as TSan and helgrind do. Threads that only
// *happened* to run one after the other in this run (T1 and T2 of the "concurrent" mode,
// ordered by a semaphore, joined at the end) are reported with the default.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: env PARCHECK_OPTIONS=verbosity=1 %run %t 2>&1 | FileCheck %s --check-prefixes=CHECK,FILTER --implicit-check-not="WARNING: parcheck"
// RUN: env PARCHECK_OPTIONS=ignore_joined_cycles=0 not %run %t > %t.rep 2>&1
// RUN: FileCheck %s --check-prefix=REPORT < %t.rep
// RUN: FileCheck %s --check-prefixes=CHECK,REPORT-OUT < %t.rep
// RUN: not %run %t concurrent > %t.conc 2>&1
// RUN: FileCheck %s --check-prefix=CONCURRENT < %t.conc
// RUN: FileCheck %s --check-prefix=CONCURRENT-OUT < %t.conc
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the -OUT prefixes, before the exit summary.
#define _GNU_SOURCE  // pthread_timedjoin_np
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
sem_t first_done;

static void ab(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}
static void ba(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}
static void *t_ab(void *p) { ab(); return 0; }
static void *t_ba(void *p) { ba(); return 0; }
static void *t_ab_then_post(void *p) { ab(); sem_post(&first_done); return 0; }
static void *t_wait_then_ba(void *p) { sem_wait(&first_done); ba(); return 0; }

int main(int argc, char **argv) {
  pthread_t t1, t2, t3, t4;
  if (argc > 1 && !strcmp(argv[1], "concurrent")) {
    sem_init(&first_done, 0, 0);
    pthread_create(&t3, 0, t_ab_then_post, 0);
    pthread_create(&t4, 0, t_wait_then_ba, 0);
    pthread_join(t3, 0);
    pthread_join(t4, 0);
    fprintf(stderr, "done concurrent\n");
    return 0;
  }
  pthread_create(&t1, 0, t_ab, 0);
  pthread_join(t1, 0);
  ba();  // main after the join
  pthread_create(&t2, 0, t_ba, 0);  // created after the join
  pthread_timedjoin_np(t2, 0, &(struct timespec){.tv_sec = 1L << 40});
  fprintf(stderr, "done\n");
  return 0;
}
// REPORT: WARNING: parcheck: lock-order-inversion (potential deadlock)
// REPORT: Cycle in lock order graph: M{{[0-9]+}} ('a') => M{{[0-9]+}} ('b') => M{{[0-9]+}}
// REPORT: Threads involved: T1 T0
// REPORT: 1 report(s) (lock-order: 1)
// CHECK: done
// REPORT-OUT: 1 report(s) (lock-order: 1)
// FILTER: 0 report(s); 2 locks, 3 threads, 2 lock-order edges
// CONCURRENT: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CONCURRENT: Threads involved: T1 T2
// CONCURRENT: 1 report(s) (lock-order: 1)
// CONCURRENT-OUT: done concurrent
// CONCURRENT-OUT: 1 report(s) (lock-order: 1)
