// A helper that leaves its thread running: main's later write overlaps it.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

int failures;
std::thread background;

static void start() {
  // CHECK: scoped-threads-overlap.cpp:[[@LINE+2]]:33: warning: data race on 'failures': write in thread 'lambda at scoped-threads-overlap.cpp:[[@LINE+2]]:28' conflicts with write in thread 'main'
  // CHECK-NEXT: scoped-threads-overlap.cpp:16:3: note: conflicting write in thread 'main', holding no lock
  background = std::thread([] { failures++; });
}

int main() {
  start();
  failures = 0;
  background.join();
  return failures;
}
