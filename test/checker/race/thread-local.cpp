// thread_local and __thread data is per thread.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <thread>

thread_local int tl_count;
__thread int gnu_count;

void work() {
  tl_count++;
  gnu_count++;
}

int main() {
  std::thread a(work), b(work);
  a.join();
  b.join();
  return tl_count;
}
