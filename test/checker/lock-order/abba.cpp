// Two threads take the same two mutexes in opposite orders: a potential deadlock.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex a_mu, b_mu;
int balance;

void pay() {
  std::lock_guard<std::mutex> a(a_mu);
  std::lock_guard<std::mutex> b(b_mu); // a_mu => b_mu
  balance++;
}

void refund() {
  std::lock_guard<std::mutex> b(b_mu);
  std::lock_guard<std::mutex> a(a_mu); // b_mu => a_mu
  // CHECK: abba.cpp:[[@LINE-1]]:31: warning: lock order inversion: 'a_mu' acquired while holding 'b_mu' [parcheck-lock-order]
  // CHECK-NEXT: abba.cpp:[[@LINE-3]]:31: note: 'b_mu' acquired here
  // CHECK-NEXT: abba.cpp:11:31: note: 'b_mu' acquired while holding 'a_mu' in thread 'pay'
  // CHECK-NEXT: abba.cpp:10:31: note: 'a_mu' acquired here
  balance--;
}

int main() {
  std::thread t1(pay), t2(refund);
  t1.join();
  t2.join();
}
