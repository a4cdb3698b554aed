// The guard's scope closes before the write.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex mu;
int balance;

void deposit() {
  int v;
  {
    std::lock_guard<std::mutex> g(mu);
    v = balance;
  }
  // CHECK: lock-guard-scope-ends.cpp:[[@LINE+1]]:3: warning: data race on 'balance'
  balance = v + 1;
}

int main() {
  std::thread a(deposit), b(deposit);
  a.join();
  b.join();
  return balance;
}
