// A lock that is not a global is named by the site that first took it: "mutex first taken in
// transfer(Account&, Account&, long) at short-lock-names.cpp:NN". The report's body keeps that
// name; the SUMMARY line names the lock by its id and the function alone, "mutex M1
// (transfer)", so that it stays one readable line (and two such locks are told apart).
// RUN: %clangxx -g -O0 %s -o %t -lpthread
// RUN: not %run %t cycle 2>&1 | FileCheck %s --check-prefix=CYCLE
// RUN: not %run %t misuse 2>&1 | FileCheck %s --check-prefix=MISUSE
// RUN: %env_parcheck_opts=detect_lock_order=0 not %run %t deadlock 2>&1 | FileCheck %s --check-prefix=DEADLOCK
#include "Inputs/in-turn.h"
#include <pthread.h>
#include <string.h>

struct Account {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  long balance = 100;
};
static Account *a, *b;
static pthread_barrier_t both_hold_one;

static void transfer(Account &from, Account &to, long amount) {
  pthread_mutex_lock(&from.mu);
  pthread_mutex_lock(&to.mu);
  from.balance -= amount;
  to.balance += amount;
  pthread_mutex_unlock(&to.mu);
  pthread_mutex_unlock(&from.mu);
}
static void *a_to_b(void *) { transfer(*a, *b, 10); return nullptr; }
static void *b_to_a(void *) { transfer(*b, *a, 10); return nullptr; }

namespace bank {
template <typename T> struct Ledger {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  T total{};
  void post(T v) {
    pthread_mutex_lock(&mu);
    total += v;
    pthread_mutex_unlock(&mu);
    pthread_mutex_unlock(&mu);  // not held any more
  }
};
} // namespace bank

static void *hold_a_then_b(void *) {
  pthread_mutex_lock(&a->mu);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&b->mu);  // blocks forever: the other thread holds b
  return nullptr;
}
static void *hold_b_then_a(void *) {
  pthread_mutex_lock(&b->mu);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&a->mu);  // blocks forever: the other thread holds a
  return nullptr;
}

int main(int argc, char **argv) {
  a = new Account;
  b = new Account;
  if (argc > 1 && !strcmp(argv[1], "cycle")) {
    RUN_IN_TURN(a_to_b, b_to_a);  // a => b, then b => a
  } else if (argc > 1 && !strcmp(argv[1], "misuse")) {
    auto *l = new bank::Ledger<long>;
    l->post(5);
  } else {
    pthread_barrier_init(&both_hold_one, 0, 2);
    pthread_t t1, t2;
    pthread_create(&t1, 0, hold_a_then_b, 0);
    pthread_create(&t2, 0, hold_b_then_a, 0);
    pthread_join(t1, 0);
    pthread_join(t2, 0);
  }
  return 0;
}
// CYCLE: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CYCLE-NEXT: Cycle in lock order graph: M1 ('mutex first taken in transfer(Account&, Account&, long) at short-lock-names.cpp:21') => M2 ('mutex first taken in transfer(Account&, Account&, long) at short-lock-names.cpp:22') => M1
// CYCLE: Mutex M2 ('mutex first taken in transfer(Account&, Account&, long) at short-lock-names.cpp:22') acquired here while holding mutex M1 ('mutex first taken in transfer(Account&, Account&, long) at short-lock-names.cpp:21') in thread T1:
// CYCLE: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'mutex M1 (transfer)' => 'mutex M2 (transfer)' => 'mutex M1 (transfer)' [parcheck-lock-order]

// MISUSE: Thread T0 unlocks mutex 'mutex first taken in bank::Ledger<long>::post(long) at short-lock-names.cpp:36' that it does not hold:
// MISUSE: SUMMARY: parcheck: unlock-not-held 'mutex M1 (bank::Ledger::post)' [parcheck-unlock-not-held]

// DEADLOCK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle)
// DEADLOCK-DAG: Thread T1 waits for mutex 'mutex first taken in hold_b_then_a(void*) at short-lock-names.cpp:51' held by thread T2:
// DEADLOCK-DAG: Thread T2 waits for mutex 'mutex first taken in hold_a_then_b(void*) at short-lock-names.cpp:45' held by thread T1:
// DEADLOCK: SUMMARY: parcheck: deadlock T{{[12]}} -> 'mutex M{{[12]}} (hold_{{[ab]}}_then_{{[ab]}})' -> T{{[12]}} -> 'mutex M{{[12]}} (hold_{{[ab]}}_then_{{[ab]}})' -> T{{[12]}} [parcheck-deadlock]
