// std::atomic counters are not races.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <atomic>
#include <thread>
#include <vector>

std::atomic<int> hits{0};
std::atomic<bool> ready;

int main() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([] {
      hits.fetch_add(1);
      hits++;
      ready.store(true);
    });
  for (auto &t : ts)
    t.join();
  return hits.load();
}
