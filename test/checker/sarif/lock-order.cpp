// SARIF for a lock-order cycle: valid against the 2.1.0 schema, one codeFlow
// with a threadFlow per edge (where the first lock was held, then where the
// second was taken).
// REQUIRES: jsonschema, sarif-schema
// RUN: not %parcheck %s --format=sarif -- -std=c++17 > %t.sarif
// RUN: %python %S/Inputs/validate.py %sarif_schema %t.sarif | FileCheck %s
// CHECK: valid sarif 2.1.0
// CHECK-NEXT: rules: parcheck-race parcheck-lock-order parcheck-double-lock parcheck-unlock-not-held parcheck-lock-leak parcheck-cond-wait
// CHECK-NEXT: results: 1
// CHECK-NEXT: result parcheck-lock-order warning lock-order.cpp:29
// CHECK-NEXT: message: lock order inversion: 'a_mu' acquired while holding 'b_mu'
// CHECK-NEXT: fingerprint: {{[0-9a-f]{16}$}}
// CHECK-NEXT: flow thread 'refund': 28 -> 29
// CHECK-NEXT: flow thread 'pay': 22 -> 23
#include <mutex>
#include <thread>

std::mutex a_mu, b_mu;
int balance;

void pay() {
  std::lock_guard<std::mutex> a(a_mu);
  std::lock_guard<std::mutex> b(b_mu);
  balance++;
}

void refund() {
  std::lock_guard<std::mutex> b(b_mu);
  std::lock_guard<std::mutex> a(a_mu);
  balance--;
}

int main() {
  std::thread t1(pay), t2(refund);
  t1.join();
  t2.join();
}
