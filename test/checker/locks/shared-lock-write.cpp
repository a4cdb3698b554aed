// Writing under a shared (reader) lock does not exclude other readers' writes.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
int hits;

void bump() {
  std::shared_lock<std::shared_mutex> lk(rw);
  // CHECK: shared-lock-write.cpp:[[@LINE+1]]:3: warning: data race on 'hits'
  hits++;
}

int main() {
  std::thread a(bump), b(bump);
  a.join();
  b.join();
  return hits;
}
