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
    // CHECK: through-call.cpp:[[@LINE-1]]:5: warning: 'this->mu' acquired again by 'Account::deposit' while already held (lock 'Account::mu') [parcheck-double-lock]
    // CHECK-NEXT: through-call.cpp:[[@LINE-3]]:33: note: 'this->mu' acquired here
    // CHECK-NEXT: through-call.cpp:9:33: note: 'Account::deposit' acquires 'Account::mu' here
    // CHECK-NEXT: {{.*}}through-call.cpp:[[@LINE-4]]:5: note: called from 'Account::deposit_twice_bad'
    deposit(n);
    // One finding (same lock, caller and callee), one report: the second call is a note.
    // CHECK-NEXT: through-call.cpp:[[@LINE-2]]:5: note: the same finding here too
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
  // CHECK: through-call.cpp:[[@LINE-1]]:3: warning: 'global_mu' acquired again by 'add' while already held [parcheck-double-lock]
  // CHECK-NEXT: through-call.cpp:[[@LINE-3]]:31: note: 'global_mu' acquired here
  // CHECK-NEXT: through-call.cpp:32:31: note: 'add' acquires 'global_mu' here
}

int main() {
  Account a;
  a.deposit_twice_bad(1);
  a.deposit_twice_good(1);
  add_all_bad();
}
