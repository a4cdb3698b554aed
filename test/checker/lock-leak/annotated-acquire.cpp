// A function annotated ACQUIRE (Clang thread-safety attributes) returns holding
// the lock by design. The same function without the annotation, whose caller
// never releases the lock, is a leak.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

struct __attribute__((capability("mutex"))) Mutex : std::mutex {};

Mutex mu;
int x;

void open_tx() __attribute__((acquire_capability(mu)));
void open_tx() { mu.lock(); }

void open_tx_unannotated() { mu.lock(); }
// CHECK: annotated-acquire.cpp:[[@LINE-1]]:33: warning: 'mu' acquired in 'open_tx_unannotated' is not released on any path out of it [parcheck-lock-leak]

void use_unannotated() {
  open_tx_unannotated();
  x++;
}

int main() {
  open_tx();
  x++;
  mu.unlock();
  use_unannotated();
}
