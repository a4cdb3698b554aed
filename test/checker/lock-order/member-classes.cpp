// Mutex members are lock classes: every Bank's mu is 'Bank::mu', every
// Ledger's mu is 'Ledger::mu'. Bank methods take Bank::mu then Ledger::mu; the
// ledger's audit takes them the other way round.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <thread>

struct Bank;

struct Ledger {
  std::mutex mu;
  int entries = 0;
  Bank *bank = nullptr;
  void record() {
    std::lock_guard<std::mutex> g(mu);
    entries++;
  }
  void audit();
};

struct Bank {
  std::mutex mu;
  Ledger *ledger = nullptr;
  int total = 0;
  void deposit(int n) {
    std::lock_guard<std::mutex> g(mu);
    total += n;
    ledger->record();
  }
};

void Ledger::audit() {
  std::lock_guard<std::mutex> g(mu);
  std::lock_guard<std::mutex> b(bank->mu);
  // CHECK: member-classes.cpp:[[@LINE-1]]:31: warning: lock order inversion: 'Bank::mu' acquired while holding 'Ledger::mu' [parcheck-lock-order]
  // CHECK-NEXT: member-classes.cpp:[[@LINE-3]]:31: note: 'Ledger::mu' acquired here
  // CHECK-NEXT: member-classes.cpp:15:33: note: 'Ledger::mu' acquired while holding 'Bank::mu' in thread 'lambda at member-classes.cpp:{{[0-9]+}}:18'
  // CHECK-NEXT: {{.*}}member-classes.cpp:28:13: note: called from 'Bank::deposit'
  // CHECK-NEXT: member-classes.cpp:26:33: note: 'Bank::mu' acquired here
  entries = bank->total;
}

Bank bank;
Ledger ledger;

int main() {
  bank.ledger = &ledger;
  ledger.bank = &bank;
  std::thread t1([] { bank.deposit(1); });
  std::thread t2([] { ledger.audit(); });
  t1.join();
  t2.join();
}
