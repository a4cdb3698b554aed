// std::scoped_lock and std::lock take several mutexes with a deadlock-avoidance
// algorithm: no edge between them, whatever order they are named in.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex a_mu, b_mu;
int balance;

void pay() {
  std::scoped_lock both(a_mu, b_mu);
  balance++;
}

void refund() {
  std::scoped_lock both(b_mu, a_mu);
  balance--;
}

void audit() {
  std::unique_lock<std::mutex> b(b_mu, std::defer_lock);
  std::unique_lock<std::mutex> a(a_mu, std::defer_lock);
  std::lock(b, a);
  balance = 0;
}

int main() {
  std::thread t1(pay), t2(refund), t3(audit);
  t1.join();
  t2.join();
  t3.join();
}
