// Waiting on a unique_lock that does not own its mutex (built with defer_lock,
// or unlocked before the wait).
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <condition_variable>
#include <mutex>

std::mutex mu;
std::condition_variable cv;
bool ready;

void deferred() {
  std::unique_lock<std::mutex> lk(mu, std::defer_lock);
  while (!ready)
    cv.wait(lk);
    // CHECK: deferred-guard.cpp:[[@LINE-1]]:8: warning: condition wait on 'cv' with 'mu' not held [parcheck-cond-wait]
}

void unlocked_first() {
  std::unique_lock<std::mutex> lk(mu);
  lk.unlock();
  cv.wait(lk, [] { return ready; });
  // CHECK: deferred-guard.cpp:[[@LINE-1]]:6: warning: condition wait on 'cv' with 'mu' not held [parcheck-cond-wait]
}

int main() {
  deferred();
  unlocked_first();
}
