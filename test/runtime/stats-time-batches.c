// Wait and hold times are batched per thread (ThreadState::waitTimes, holdTimes: a few slots,
// one lock's batch per slot) and reach the locks' histograms when another lock takes the
// slot, at thread exit and at the exit summary, including the batches of a thread still
// running at exit. Each of six locks is contended exactly once, always by the same worker
// (six locks in four slots: some share a slot, and one's batch is moved out by the next);
// the worker is still alive at exit (blocked reading a pipe nobody writes). Every lock's
// histograms must then count exactly its contended wait and its two holds, and a contended
// wait must have a non-zero time.
// Contention is made certain: main holds each lock until the worker is blocked on it
// (Inputs/blocked.h).
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.json %t.nohold.json
// RUN: %env_parcheck_opts=hold_times=1:json_path=%t.json %run %t
// RUN: %python %S/Inputs/time_batches.py %t.json | FileCheck %s
// Without hold times only the waits are kept, and batched the same way.
// RUN: %env_parcheck_opts=json_path=%t.nohold.json %run %t
// RUN: %python %S/Inputs/time_batches.py %t.nohold.json | FileCheck %s --check-prefix=NOHOLD
#include "blocked.h"
#include <pthread.h>

enum { kLocks = 6 };
pthread_mutex_t L[kLocks] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                             PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                             PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
pthread_barrier_t bar;
_Atomic pid_t worker_tid;
int never[2];  // a pipe nobody writes: the worker stays blocked in read until the exit

static void *worker(void *arg) {
  worker_tid = this_tid();
  for (int i = 0; i < kLocks; ++i) {
    pthread_barrier_wait(&bar);  // main holds L[i] now
    pthread_mutex_lock(&L[i]);   // contended: main lets go once this thread waits
    pthread_mutex_unlock(&L[i]);
    pthread_barrier_wait(&bar);
  }
  char c;
  (void)!read(never[0], &c, 1);
  return 0;
}

int main(void) {
  if (pipe(never) != 0) return 2;
  pthread_barrier_init(&bar, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  for (int i = 0; i < kLocks; ++i) {
    pthread_mutex_lock(&L[i]);
    pthread_barrier_wait(&bar);
    wait_until_blocked_on(&worker_tid, &L[i], sizeof L[i]);
    pthread_mutex_unlock(&L[i]);
    pthread_barrier_wait(&bar);  // the worker has taken and released L[i]
  }
  return 0;  // the worker is still blocked in read: its batches are moved by the summary
}
// CHECK-COUNT-6: lock L[{{[0-5]}}] acquisitions=2 contended=1 waits=1 wait_time=nonzero holds=2 buckets=ok
// CHECK-NOT: lock
// NOHOLD-COUNT-6: lock L[{{[0-5]}}] acquisitions=2 contended=1 waits=1 wait_time=nonzero holds=0 buckets=ok
// NOHOLD-NOT: lock
