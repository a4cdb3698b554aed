// A namespace-scope std::vector mutated by two threads (a library type: its
// non-const member functions are writes).
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>
#include <vector>

namespace app {
std::vector<int> log;
}

// CHECK: namespace-global.cpp:[[@LINE+1]]:17: warning: data race on 'app::log': write in thread 'append'
void append() { app::log.push_back(1); }

int main() {
  std::thread a(append), b(append);
  a.join();
  b.join();
  return (int)app::log.size();
}
