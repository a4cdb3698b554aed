// A function takes the lock and never releases it on any path.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

std::mutex mu;
int value;

void set_value(int v) {
  mu.lock();
  // CHECK: never-released.cpp:[[@LINE-1]]:6: warning: 'mu' acquired in 'set_value' is not released on any path out of it [parcheck-lock-leak]
  // CHECK-NEXT: never-released.cpp:[[@LINE+2]]:1: note: 'set_value' returns here holding 'mu'
  value = v;
}

int main() { set_value(1); }
