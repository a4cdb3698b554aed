// A static data member is one object for the whole program.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

struct Registry {
  static int count;
  // CHECK: static-member.cpp:[[@LINE+1]]:23: warning: data race on 'Registry::count'
  static void add() { count++; }
};
int Registry::count = 0;

int main() {
  std::thread a(Registry::add), b(Registry::add);
  a.join();
  b.join();
  return Registry::count;
}
