// A local captured by reference by threads spawned in a loop.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>
#include <vector>

int main() {
  int sum = 0;
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    // CHECK: lambda-capture-ref.cpp:[[@LINE+1]]:35: warning: data race on 'sum': write in thread 'lambda at
    pool.emplace_back([&sum, i] { sum += i; });
  for (auto &t : pool)
    t.join();
  return sum;
}
