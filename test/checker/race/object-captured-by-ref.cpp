// An object captured by reference: its fields are shared, named by class.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

struct Stats {
  int hits = 0;
  void record() {
    // CHECK: object-captured-by-ref.cpp:[[@LINE+1]]:5: warning: data race on 'Stats::hits'
    hits++;
  }
};

int main() {
  Stats s;
  std::thread a([&] { s.record(); });
  std::thread b([&] { s.record(); });
  a.join();
  b.join();
  return s.hits;
}
