// libstdc++ pitfalls: std::timed_mutex::try_lock_for uses pthread_mutex_clocklock and
// std::shared_mutex uses pthread_rwlock_*; both are seen. Shared-shared orders are silent.
// try_lock_for is a timed acquisition: its inversion (tm1/tm2) is reported only with
// report_timed_cycles=1 (by default it is treated like a trylock: it cannot hang).
// RUN: %clangxx -std=c++17 -g -O0 %s -o %t -lpthread
// RUN: env PARCHECK_OPTIONS=report_timed_cycles=1 not %run %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefixes=CHECK,SM < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: not %run %t 2>&1 | FileCheck %s --check-prefixes=DEFAULT,SM
// The reporter thread writes the reports, in the order they were raised, but maybe after lines
// the program printed later: the sm report shows that the exclusive thread (T5), not the
// shared-shared one (T4), closed the cycle; OUT checks it was raised after 'shared ok'.
#include "Inputs/in-turn.h"
#include <chrono>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::timed_mutex tm1, tm2;
std::shared_mutex sm1, sm2;

int main() {
  using namespace std::chrono_literals;
  // Each pair runs in turn: one after the other, not ordered by a join (Inputs/in-turn.h).
  in_turn({[] {
             std::lock_guard<std::timed_mutex> a(tm1);
             if (tm2.try_lock_for(100ms)) tm2.unlock();  // tm1 => tm2 (blocking, timed)
           },
           [] {
             std::lock_guard<std::timed_mutex> b(tm2);
             if (tm1.try_lock_for(100ms)) tm1.unlock();  // tm2 => tm1
           },
           [] {
             std::shared_lock<std::shared_mutex> a(sm1);
             std::shared_lock<std::shared_mutex> b(sm2);
           },
           [] {
             std::shared_lock<std::shared_mutex> b(sm2);
             std::shared_lock<std::shared_mutex> a(sm1);
             std::fprintf(stderr, "shared ok\n");
           },
           [] {
             std::unique_lock<std::shared_mutex> b(sm2);
             std::unique_lock<std::shared_mutex> a(sm1);  // exclusive sm2 => sm1
           }});
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'tm1' => 'tm2' => 'tm1'
// CHECK-NOT: WARNING
// DEFAULT-NOT: WARNING
// DEFAULT: shared ok
// SM: WARNING: parcheck: lock-order-inversion
// SM: Mutex M{{[0-9]+}} ('sm1') acquired here while holding mutex M{{[0-9]+}} ('sm2') in thread T5:
// SM-NEXT: #0 std::__glibcxx_rwlock_wrlock
// SM: Threads involved: T3 T5
// SM: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'sm1' => 'sm2' => 'sm1'
// CHECK-NOT: WARNING
// CHECK: 2 report(s) (lock-order: 2)
// DEFAULT-NOT: WARNING
// DEFAULT: 1 report(s) (lock-order: 1)
// DEFAULT-NOT: 'tm1'
// OUT: shared ok
// OUT: WARNING: parcheck: lock-order-inversion
// OUT: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'sm1' => 'sm2' => 'sm1'
// OUT: 2 report(s) (lock-order: 2)
