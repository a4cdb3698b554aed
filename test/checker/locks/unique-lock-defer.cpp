// unique_lock with defer_lock holds nothing until lock().
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex mu;
int a_val, b_val;

void work() {
  std::unique_lock<std::mutex> lk(mu, std::defer_lock);
  // CHECK: unique-lock-defer.cpp:[[@LINE+1]]:3: warning: data race on 'a_val'
  a_val++;
  lk.lock();
  b_val++;
}

int main() {
  std::thread x(work), y(work);
  x.join();
  y.join();
  return a_val + b_val;
}
