// Captured by copy: each thread has its own copy.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <thread>
#include <vector>

int main() {
  int base = 10;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back([base, i]() mutable { base += i; });
  for (auto &t : pool)
    t.join();
  return base;
}
