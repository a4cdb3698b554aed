// std::mutex goes through pthread_mutex_lock; global mutexes are named by their
// (demangled) symbol, including namespaced and static members.
// RUN: %clangxx -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"
#include <mutex>

namespace bank {
struct Account {
  static std::mutex ledger_mu;
};
std::mutex Account::ledger_mu;
std::mutex audit_mu;
} // namespace bank

void transfer_bad() {
  std::lock_guard<std::mutex> a(bank::audit_mu);
  std::lock_guard<std::mutex> b(bank::Account::ledger_mu);
}

void audit() {
  std::lock_guard<std::mutex> b(bank::Account::ledger_mu);
  std::lock_guard<std::mutex> a(bank::audit_mu);
}

int main() {
  in_turn({transfer_bad, audit});  // one after the other, not ordered by a join
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: in thread T{{[0-9]}}:
// CHECK: #{{[0-9]+}} {{.*}}transfer_bad{{.*}}cxx-std-mutex.cpp:18
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'bank::Account::ledger_mu' => 'bank::audit_mu' => 'bank::Account::ledger_mu'
