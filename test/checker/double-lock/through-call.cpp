// A method holding this->mu calls another method that takes it again.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

struct Account {
  std::mutex mu;
  long balance = 0;
  void deposit(long n) {
    std::lock_guard<std::mutex> g(mu);
    balance += n;
  }
  void deposit_twice_bad(long n) {
    std::lock_guard<std::mutex> g(mu);
    deposit(n);
    deposit(n);
  }
  void deposit_twice_good(long n) {
    deposit(n);
    deposit(n);
  }
};

std::mutex global_mu;
int total;
void add(int n) {
  std::lock_guard<std::mutex> g(global_mu);
  total += n;
}
void add_all_bad() {
  std::lock_guard<std::mutex> g(global_mu);
  add(1);
}

int main() {
  Account a;
  a.deposit_twice_bad(1);
  a.deposit_twice_good(1);
  add_all_bad();
}
