// Clang thread-safety annotations add declared order: 'a' is ACQUIRED_BEFORE
// 'b', so code taking 'a' while holding 'b' is an inversion even when no code
// takes them in the declared order.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <thread>

struct __attribute__((capability("mutex"))) Mutex : std::mutex {};

Mutex b;
Mutex a __attribute__((acquired_before(b)));
Mutex c __attribute__((acquired_after(b)));
int x;

void worker() {
  std::lock_guard<std::mutex> hold_b(b);
  std::lock_guard<std::mutex> hold_a(a);
  // CHECK: declared-order.cpp:[[@LINE-1]]:31: warning: lock order inversion: 'a' acquired while holding 'b' [parcheck-lock-order]
  // CHECK-NEXT: declared-order.cpp:[[@LINE-3]]:31: note: 'b' acquired here
  // CHECK-NEXT: declared-order.cpp:11:24: note: 'a' is declared to be acquired before 'b' (ACQUIRED_BEFORE/ACQUIRED_AFTER)
  std::lock_guard<std::mutex> hold_c(c); // b then c: as declared
  x++;
}

int main() {
  std::thread t1(worker), t2(worker);
  t1.join();
  t2.join();
}
