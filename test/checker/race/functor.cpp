// A function object as the thread entry.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

long ticks;

struct Ticker {
  // CHECK: functor.cpp:[[@LINE+1]]:23: warning: data race on 'ticks': write in thread 'Ticker::operator()'
  void operator()() { ticks++; }
};

int main() {
  std::thread a{Ticker()};
  std::thread b{Ticker()};
  a.join();
  b.join();
  return (int)ticks;
}
