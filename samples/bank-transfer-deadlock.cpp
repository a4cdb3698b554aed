// bank-transfer-deadlock: transfer(from, to) locks the source account, then the
// destination. One teller moves money a -> b while another moves it b -> a: each
// can hold one account's lock and wait forever for the other's. Here the second
// teller waits for the first to finish, so this run cannot hang, but the design
// can: parcheck reports the argument-dependent lock order; the runtime shim and
// TSan see the two orders and report a potential deadlock (lock-order inversion).
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

struct Account {
  int id;
  long balance;
  std::mutex mu;
};

void transfer(Account &from, Account &to, long amount) {
  std::lock_guard<std::mutex> a(from.mu); // EXPECT: lock-order
  std::lock_guard<std::mutex> b(to.mu);
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  Account a{1, 1000, {}}, b{2, 1000, {}};
  std::atomic<bool> first_done{false};
  std::thread t1([&] {
    for (int i = 0; i < 1000; ++i)
      transfer(a, b, 1);
    first_done = true;
  });
  std::thread t2([&] {
    while (!first_done)
      std::this_thread::yield();
    for (int i = 0; i < 1000; ++i)
      transfer(b, a, 1);
  });
  t1.join();
  t2.join();
  std::printf("a = %ld, b = %ld\n", a.balance, b.balance);
}
