// Locks taken in pthread_key destructors that run after the runtime's own destructor (its key
// is created first, so in each round its destructor runs first) belong to the exiting thread,
// not to a phantom new one: the thread count stays right (main and 3 threads: 4), and an
// inversion between a destructor's locks and main's, ordered by the join, is not reported
// under the default ignore_joined_cycles=1 (reported with 0). One thread leaves with
// pthread_exit, and one destructor sets its key again (a second round).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: env PARCHECK_OPTIONS=verbosity=1 %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="WARNING: parcheck"
// RUN: env PARCHECK_OPTIONS=verbosity=1:ignore_joined_cycles=0 not %run %t 2>&1 | FileCheck %s --check-prefix=REPORT
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t key;

static void destructor(void *v) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // a => b, in the exiting thread
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  if ((long)v == 2) pthread_setspecific(key, (void *)1);  // once more, in the next round
}

static void *worker(void *v) {
  pthread_setspecific(key, v);
  if ((long)v == 2) pthread_exit(0);
  return 0;
}

int main(void) {
  pthread_key_create(&key, destructor);
  for (long i = 0; i < 3; ++i) {
    pthread_t t;
    pthread_create(&t, 0, worker, (void *)(i + 1));
    pthread_join(t, 0);
  }
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // b => a, after every destructor (joined)
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  fprintf(stderr, "done\n");
  return 0;
}
// DEFAULT: done
// DEFAULT: 0 report(s); 2 locks, 4 threads
// REPORT: WARNING: parcheck: lock-order-inversion
// REPORT: Threads involved: T{{[123]}} T0
// REPORT: 1 report(s) (lock-order: 1); 2 locks, 4 threads
