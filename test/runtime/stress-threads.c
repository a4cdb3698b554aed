// Thousands of threads (created in waves, each taking a few locks in a consistent order and
// some exiting while holding a lock) are handled without reports or limits.
// RUN: %clang -g -O0 %s -o %t -lpthread
// 250 threads at once queue for `outer`: on a busy machine the last one in the queue can
// really wait over a second while the others take it (starvation by the default thresholds,
// a true finding that depends on the scheduler), so the threshold is set beyond the run's
// time limit; the waits are still counted.
// RUN: %env_parcheck_opts=print_stats=1:starvation_ms=100000 %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, inner = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t leaked[64];
long counter;

static void *worker(void *arg) {
  long i = (long)arg;
  pthread_mutex_lock(&outer);
  pthread_mutex_lock(&inner);
  ++counter;
  pthread_mutex_unlock(&inner);
  pthread_mutex_unlock(&outer);
  if (i % 100 == 0) pthread_mutex_lock(&leaked[i / 100 % 64]);  // exits holding it
  return 0;
}

int main(void) {
  for (int i = 0; i < 64; ++i) pthread_mutex_init(&leaked[i], 0);
  enum { kWave = 250, kWaves = 12 };
  pthread_t t[kWave];
  for (int w = 0; w < kWaves; ++w) {
    for (long i = 0; i < kWave; ++i) pthread_create(&t[i], 0, worker, (void *)(w * kWave + i));
    for (int i = 0; i < kWave; ++i) pthread_join(t[i], 0);
  }
  fprintf(stderr, "counter=%ld\n", counter);
  return 0;
}
// CHECK: counter=3000
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 0 report(s); {{[0-9]+}} locks, 3001 threads, 1 lock-order edges
