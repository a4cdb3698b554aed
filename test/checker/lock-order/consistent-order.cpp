// Every thread takes a_mu before b_mu: no cycle, no report.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex a_mu, b_mu;
int balance;

void pay() {
  std::lock_guard<std::mutex> a(a_mu);
  std::lock_guard<std::mutex> b(b_mu);
  balance++;
}

void refund() {
  std::lock_guard<std::mutex> a(a_mu);
  std::lock_guard<std::mutex> b(b_mu);
  balance--;
}

int main() {
  std::thread t1(pay), t2(refund);
  t1.join();
  t2.join();
}
