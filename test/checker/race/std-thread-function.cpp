// std::thread with a plain function entry.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

int hits;

// CHECK: std-thread-function.cpp:[[@LINE+1]]:16: warning: data race on 'hits': write in thread 'count' conflicts with write in another instance of thread 'count'
void count() { hits++; }

int main() {
  std::thread a(count);
  std::thread b(count);
  a.join();
  b.join();
  return hits;
}
