// A heap std::mutex is named by the user's code that first took it, whatever the optimisation
// level. At -O0 std::mutex::lock and libstdc++'s __gthread_mutex_lock are real calls, so the
// pc that called pthread_mutex_lock lies in a system header (gthr-default.h) for every
// std::mutex; the name comes from the first frame of the first acquisition's stack outside
// system headers: transfer(...) at the lock_guard's line, at -O0 as at -O2 (where those calls
// are inlined into transfer and the pc's inline frames say the same). The SUMMARY line's short
// name says the function too. Neither ever names __gthread_mutex_lock (it appears only as
// the innermost frame of the -O0 stacks).
// RUN: %clangxx -g -O0 %s -o %t.O0 -lpthread
// RUN: not %run %t.O0 2>&1 | FileCheck %s --implicit-check-not='taken in __gthread' --implicit-check-not='(__gthread'
// RUN: %clangxx -g -O2 %s -o %t.O2 -lpthread
// RUN: not %run %t.O2 2>&1 | FileCheck %s --implicit-check-not='taken in __gthread' --implicit-check-not='(__gthread'
#include "Inputs/in-turn.h"
#include <mutex>

struct Account {
  std::mutex mu;
  long balance = 100;
};
static Account *a, *b;

static void transfer(Account &from, Account &to, long amount) {
  std::lock_guard<std::mutex> f(from.mu);
  std::lock_guard<std::mutex> t(to.mu);
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  a = new Account;
  b = new Account;
  // a => b, then b => a, one after the other (not ordered by a join).
  in_turn({[] { transfer(*a, *b, 10); }, [] { transfer(*b, *a, 10); }});
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK-NEXT: Cycle in lock order graph: M1 ('mutex first taken in transfer(Account&, Account&, long) at heap-std-mutex-names.cpp:23') => M2 ('mutex first taken in transfer(Account&, Account&, long) at heap-std-mutex-names.cpp:24') => M1
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'mutex M1 (transfer)' => 'mutex M2 (transfer)' => 'mutex M1 (transfer)' [parcheck-lock-order]
