// Timed acquisitions give up by themselves: an AB/BA with pthread_mutex_timedlock is not a
// real deadlock; the program finishes. It is not a potential deadlock either by default (a
// timed acquisition is treated like a trylock, issue 9); report_timed_cycles=1 reports the
// lock-order inversion, but still no deadlock.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="WARNING: parcheck"
// RUN: env PARCHECK_OPTIONS=report_timed_cycles=1 not %run %t > %t.out 2>&1
// RUN: FileCheck %s --implicit-check-not="WARNING: parcheck: deadlock" < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER, mu2 = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t bar;

static int timed_lock(pthread_mutex_t *m) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 400 * 1000000L;
  if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
  return pthread_mutex_timedlock(m, &ts);
}

static void *t1(void *arg) {
  pthread_mutex_lock(&mu1);
  pthread_barrier_wait(&bar);
  int r = timed_lock(&mu2);
  if (r == 0) pthread_mutex_unlock(&mu2);
  pthread_barrier_wait(&bar);  // keep mu1 until both timed out
  pthread_mutex_unlock(&mu1);
  return (void *)(long)r;
}

int main(void) {
  pthread_barrier_init(&bar, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, t1, 0);
  pthread_mutex_lock(&mu2);
  pthread_barrier_wait(&bar);
  int r = timed_lock(&mu1);
  if (r == 0) pthread_mutex_unlock(&mu1);
  pthread_barrier_wait(&bar);
  pthread_mutex_unlock(&mu2);
  void *r1;
  pthread_join(t, &r1);
  fprintf(stderr, "main=%s t1=%s\n", r == ETIMEDOUT ? "ETIMEDOUT" : "?",
          (long)r1 == ETIMEDOUT ? "ETIMEDOUT" : "?");
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: 1 report(s)
// OUT: main=ETIMEDOUT t1=ETIMEDOUT
// OUT: 1 report(s)
// DEFAULT: main=ETIMEDOUT t1=ETIMEDOUT
