// transfer_bad takes two Account::mu in argument order, but only main calls it,
// with no thread running: nothing can take them the other way at the same time.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

struct Account {
  std::mutex mu;
  long balance = 0;
};

Account alice, bob;

void transfer_bad(Account *from, Account *to, long n) {
  std::lock_guard<std::mutex> f(from->mu);
  std::lock_guard<std::mutex> t(to->mu);
  from->balance -= n;
  to->balance += n;
}

int main() {
  transfer_bad(&alice, &bob, 1);
  transfer_bad(&bob, &alice, 1);
}
