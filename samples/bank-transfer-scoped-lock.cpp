// bank-transfer-scoped-lock: fix 1 for bank-transfer-deadlock: std::scoped_lock
// takes both mutexes at once with a deadlock-avoidance algorithm, whatever the
// argument order. Both tellers run at the same time. Expected: no findings.
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  int id;
  long balance;
  std::mutex mu;
};

void transfer(Account &from, Account &to, long amount) {
  std::scoped_lock both(from.mu, to.mu);
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  Account a{1, 1000, {}}, b{2, 1000, {}};
  std::thread t1([&] {
    for (int i = 0; i < 1000; ++i)
      transfer(a, b, 1);
  });
  std::thread t2([&] {
    for (int i = 0; i < 1000; ++i)
      transfer(b, a, 1);
  });
  t1.join();
  t2.join();
  std::printf("a = %ld, b = %ld\n", a.balance, b.balance);
}
