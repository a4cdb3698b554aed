// unlock() on a mutex this function never locked, and no caller holds it.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

std::mutex mu;
int value;

void reset() {
  value = 0;
  mu.unlock();
  // CHECK: never-locked.cpp:[[@LINE-1]]:6: warning: 'mu' released but not held on any path here [parcheck-unlock-not-held]
}

void guarded_reset() {
  std::unique_lock<std::mutex> lk(mu);
  value = 1;
  lk.unlock();
  lk.unlock();
  // CHECK: never-locked.cpp:[[@LINE-1]]:6: warning: 'mu' released but not held on any path here [parcheck-unlock-not-held]
  // CHECK-NEXT: never-locked.cpp:[[@LINE-3]]:6: note: 'mu' was released here
}

int main() {
  reset();
  guarded_reset();
}
