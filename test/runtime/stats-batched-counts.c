// The statistics' contended-wait and failed-trylock counts are batched per thread, like the
// acquisition counts, and must still come out exact and on the right lock:
//  * `a`: three contended waits by a thread that then exits (its batch is flushed at exit);
//  * `b`: five failed trylocks and two contended waits by a thread that then takes 4,000
//    other locks, each once (its batch slot of `b` is taken by other locks, so b's counts are
//    flushed when evicted: left in the slot, they would end up on one of those locks);
//  * main's own waits (`c`, twice) stay in main's batch until the exit summary flushes it.
// Every wait is forced with Inputs/blocked.h: the waiter is seen asleep on the lock before the
// holder lets go. Nothing else in the program is contended or tried.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.*.json
// RUN: %env_parcheck_opts=json_path=%t.%%p.json %run %t
// RUN: %python %S/Inputs/stats_counts.py %t.*.json a b c | FileCheck %s
// CHECK: lock a acquisitions=6 contended=3 trylock_failures=0
// CHECK-NEXT: lock b acquisitions=5 contended=2 trylock_failures=5
// CHECK-NEXT: lock c acquisitions=4 contended=2 trylock_failures=0
// CHECK-NEXT: other locks with contended waits or failed tries: 0
// CHECK-NEXT: locks listed=1000 total=4003
#include "blocked.h"
#include <errno.h>
#include <pthread.h>

enum { kOthers = 4000 };
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER,
                c = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t others[kOthers];
static pthread_barrier_t bar;
static _Atomic pid_t waiter_tid;

// The caller holds m; the peer (at the barrier too) then blocks on m; once it sleeps there,
// the caller lets go.
static void let_peer_wait(pthread_mutex_t *m) {
  pthread_barrier_wait(&bar);
  wait_until_blocked_on(&waiter_tid, m, sizeof *m);
  waiter_tid = 0;
  pthread_mutex_unlock(m);
  pthread_barrier_wait(&bar);  // the peer has taken and released m
}

// The peer's side: blocks on m, held by the other thread, until it lets go.
static void wait_for(pthread_mutex_t *m) {
  pthread_barrier_wait(&bar);
  waiter_tid = this_tid();
  pthread_mutex_lock(m);
  pthread_mutex_unlock(m);
  pthread_barrier_wait(&bar);
}

static void *waits_on_a(void *arg) {
  for (int i = 0; i < 3; ++i) wait_for(&a);
  return 0;
}

static void *tries_and_waits_on_b(void *arg) {
  pthread_barrier_wait(&bar);  // main holds b
  for (int i = 0; i < 5; ++i)
    if (pthread_mutex_trylock(&b) != EBUSY) abort();
  pthread_barrier_wait(&bar);
  for (int i = 0; i < 2; ++i) wait_for(&b);
  for (int i = 0; i < kOthers; ++i) {
    pthread_mutex_lock(&others[i]);
    pthread_mutex_unlock(&others[i]);
  }
  pthread_barrier_wait(&bar);  // done: main waits on c meanwhile, then joins
  for (int i = 0; i < 2; ++i) {
    pthread_mutex_lock(&c);
    let_peer_wait(&c);
  }
  return 0;
}

int main(void) {
  for (int i = 0; i < kOthers; ++i) pthread_mutex_init(&others[i], 0);
  pthread_barrier_init(&bar, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, waits_on_a, 0);
  for (int i = 0; i < 3; ++i) {
    pthread_mutex_lock(&a);
    let_peer_wait(&a);
  }
  pthread_join(t, 0);

  pthread_create(&t, 0, tries_and_waits_on_b, 0);
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&bar);
  pthread_barrier_wait(&bar);  // the five tries failed
  pthread_mutex_unlock(&b);
  for (int i = 0; i < 2; ++i) {
    pthread_mutex_lock(&b);
    let_peer_wait(&b);
  }
  pthread_barrier_wait(&bar);
  for (int i = 0; i < 2; ++i) wait_for(&c);
  pthread_join(t, 0);
  return 0;
}
