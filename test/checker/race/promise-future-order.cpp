// A promise's set_value() orders what the thread did before it with what
// follows a get() or wait() on the future taken from that promise ('auto f
// = p.get_future()'). -DEARLY: main reads before its wait().
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -std=c++17 -DEARLY | FileCheck %s --check-prefix=EARLY
// SAFE-NOT: warning:
#include <future>
#include <thread>

int data;

int main() {
  std::promise<void> p;
  auto f = p.get_future();
  // EARLY: promise-future-order.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'data': write in thread 'lambda at promise-future-order.cpp:{{[0-9:]+}}' conflicts with read in thread 'main'
  std::thread t([&p] { data = 5; p.set_value(); });
#ifdef EARLY
  int early = data;
#else
  int early = 0;
#endif
  f.wait();
  int v = data;
  t.join();
  return v + early;
}
