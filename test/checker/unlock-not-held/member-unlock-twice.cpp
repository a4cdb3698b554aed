// A mutex member unlocked twice by a method.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

class Counter {
public:
  void bump() {
    mu_.lock();
    n_++;
    mu_.unlock();
    mu_.unlock();
    // CHECK: member-unlock-twice.cpp:[[@LINE-1]]:9: warning: 'this->mu_' released but not held on any path here [parcheck-unlock-not-held]
  }

private:
  std::mutex mu_;
  int n_ = 0;
};

int main() {
  Counter c;
  c.bump();
}
