// transfer(a, b) locks a->mu then b->mu: both are 'Account::mu', and a thread
// calling transfer(b, a) takes them the other way round.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
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
  // CHECK: same-class-args.cpp:[[@LINE-1]]:31: warning: lock order inversion: 'to->mu' acquired while holding 'from->mu', both 'Account::mu', in the order of the arguments [parcheck-lock-order]
  // CHECK-NEXT: same-class-args.cpp:[[@LINE-3]]:31: note: 'from->mu' acquired here
  // CHECK-NEXT: same-class-args.cpp:[[@LINE-3]]:31: note: a call of 'transfer_bad' with the objects swapped takes them in the opposite order; take both at once with std::scoped_lock (or std::lock), or order them by address or id
  from->balance -= n;
  to->balance += n;
}

void transfer_good(Account *from, Account *to, long n) {
  std::scoped_lock both(from->mu, to->mu);
  from->balance -= n;
  to->balance += n;
}

int main() {
  std::thread t1([] { transfer_bad(&alice, &bob, 1); });
  std::thread t2([] { transfer_bad(&bob, &alice, 1); });
  std::thread t3([] { transfer_good(&alice, &bob, 1); });
  std::thread t4([] { transfer_good(&bob, &alice, 1); });
  t1.join();
  t2.join();
  t3.join();
  t4.join();
}
