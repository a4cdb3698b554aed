// Threads writing their own element of a std::vector (partial[t]) do not race;
// two threads writing the same fixed element do.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>
#include <vector>

int main() {
  std::vector<long> partial(4, 0), shared(1, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&partial, &shared, t] {
      partial[t] = t;
      // CHECK: container-element-slots.cpp:[[@LINE+1]]:7: warning: data race on 'shared'
      shared[0] += t;
    });
  for (auto &t : threads)
    t.join();
  return (int)(partial[3] + shared[0]);
}
