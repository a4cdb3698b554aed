// A function-local static is initialised once, under a hidden guard: what its
// initialiser does (rand(), writing a global) does not race between threads.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <cstdlib>
#include <thread>

int initialised;

static int make() {
  initialised++;
  return std::rand();
}

int get() {
  static int value = make();
  return value;
}

int main() {
  std::thread a(get), b(get);
  a.join();
  b.join();
  return initialised;
}
