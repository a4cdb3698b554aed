// Two Account::mu taken in an order decided at run time, by address: the same
// function takes them both ways round, so no argument order can deadlock.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

struct Account {
  std::mutex mu;
  long balance = 0;
};

Account alice, bob;

void transfer_by_address(Account *from, Account *to, long n) {
  if (from < to) {
    from->mu.lock();
    to->mu.lock();
  } else {
    to->mu.lock();
    from->mu.lock();
  }
  from->balance -= n;
  to->balance += n;
  to->mu.unlock();
  from->mu.unlock();
}

int main() {
  std::thread t1([] { transfer_by_address(&alice, &bob, 1); });
  std::thread t2([] { transfer_by_address(&bob, &alice, 1); });
  t1.join();
  t2.join();
}
