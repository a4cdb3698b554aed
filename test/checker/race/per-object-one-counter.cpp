// C++: workers (in a vector) each keep a pointer to the one global counter and
// increment it from their run(): the counter's class has one object, a global,
// so the race is shown (medium), though each worker reads the pointer from its
// own member.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s
#include <thread>
#include <vector>

struct Counter {
  long n = 0;
};
struct Worker {
  Counter *c;
  explicit Worker(Counter *c) : c(c) {}
  // CHECK: per-object-one-counter.cpp:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'Counter::n'
  // CHECK: note: confidence medium
  void run() { c->n++; }
};

Counter counter;

int main() {
  std::vector<Worker> ws;
  for (int i = 0; i < 4; ++i)
    ws.emplace_back(&counter);
  std::vector<std::thread> ts;
  for (auto &w : ws)
    ts.emplace_back(&Worker::run, &w);
  for (auto &t : ts)
    t.join();
  return (int)counter.n;
}
