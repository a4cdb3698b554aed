// Per-lock statistics: acquisitions, contended acquisitions, wait times; print_stats=1 prints
// the top contended locks at exit (stats_top of them); hold_times=1 adds hold-time histograms
// to the JSON.
// Contention is made certain: the worker holds hot_mu until main is blocked on it
// (Inputs/blocked.h), whatever the scheduler does.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.*.json
// RUN: %env_parcheck_opts=print_stats=1 %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=print_stats=1:stats_top=1 %run %t 2>&1 | FileCheck %s --check-prefix=TOP1
// RUN: %env_parcheck_opts=hold_times=1:json_path=%t.%%p.json %run %t
// RUN: %python %S/Inputs/check_json.py %t.*.json | FileCheck %s --check-prefix=JSON
// RUN: %env_parcheck_opts=json_path=%t.nohold.json %run %t
// RUN: %python -c "import json; d=json.load(open('%t.nohold.json')); print('hold_times', d['stats']['hold_times'], [l['hold_ns']['count'] for l in d['stats']['locks']])" | FileCheck %s --check-prefix=NOHOLD
#include "blocked.h"
#include <pthread.h>

pthread_mutex_t hot_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t cold_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t bar;
_Atomic pid_t main_tid;

static void *holder(void *arg) {
  pthread_mutex_lock(&hot_mu);
  pthread_barrier_wait(&bar);
  wait_until_blocked_on(&main_tid, &hot_mu, sizeof hot_mu);
  pthread_mutex_unlock(&hot_mu);
  return 0;
}

int main(void) {
  pthread_barrier_init(&bar, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  pthread_barrier_wait(&bar);
  main_tid = this_tid();
  pthread_mutex_lock(&hot_mu);  // contended: the worker lets go only once main waits
  pthread_mutex_unlock(&hot_mu);
  pthread_join(t, 0);
  for (int i = 0; i < 10; ++i) {
    pthread_mutex_lock(&cold_mu);
    pthread_mutex_unlock(&cold_mu);
  }
  return 0;
}
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 0 report(s); 2 locks, 2 threads, 0 lock-order edges
// CHECK: ==parcheck== top contended locks (times in us):
// CHECK-NEXT: acquisitions contended wait-total wait-max wait-p99 hold-max lock
// CHECK-NEXT: 2 1 {{[0-9]+\.[0-9]}} {{[0-9]+\.[0-9]}} {{[0-9]+\.[0-9]}} 0.0 mutex 'hot_mu'
// CHECK-NEXT: 10 0 0.0 0.0 0.0 0.0 mutex 'cold_mu'
// TOP1: acquisitions contended
// TOP1-NEXT: mutex 'hot_mu'
// TOP1-NOT: cold_mu
// JSON: stats reports=0 locks_total=2 edges=0
// JSON: lock cold_mu acquisitions=10 contended=0 hold_count=10
// JSON: lock hot_mu acquisitions=2 contended=1 hold_count=2
// NOHOLD: hold_times False [0, 0]
