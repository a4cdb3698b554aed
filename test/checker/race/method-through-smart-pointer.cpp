// A method called through a pointer that a call returns (a shared_ptr's
// 'operator->') reaches an object any thread may hold, as a member access
// through it does: two threads that each capture the same shared_ptr and
// call 'c->inc()' race on 'Counter::n', as with 'c->n++' in the lambda.
// With -DLOCKED the method takes the counter's mutex: silent.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
// RUN: %parcheck %s -- -std=c++17 -DLOCKED | FileCheck %s --allow-empty --check-prefix=LOCKED --implicit-check-not="warning:"
// LOCKED-NOT: warning:
#include <memory>
#include <mutex>
#include <thread>

struct Counter {
  std::mutex mu;
  int n = 0;
  void inc() {
#ifdef LOCKED
    std::lock_guard<std::mutex> g(mu);
#endif
    // CHECK: :[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'Counter::n': write in thread 'lambda at {{.*}}' conflicts with write in thread 'lambda at {{.*}}'
    n++;
  }
};

int main() {
  auto c = std::make_shared<Counter>();
  std::thread t1([c] { c->inc(); });
  std::thread t2([c] { c->inc(); });
  t1.join();
  t2.join();
}
