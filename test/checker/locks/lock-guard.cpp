// std::lock_guard holds the mutex until the end of its scope.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex mu;
int balance;

void deposit() {
  std::lock_guard<std::mutex> g(mu);
  balance += 1;
}

int main() {
  std::thread a(deposit), b(deposit);
  a.join();
  b.join();
  return balance;
}
