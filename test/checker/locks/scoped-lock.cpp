// std::scoped_lock and std::lock take several mutexes at once.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex m1, m2;
int from = 100, to;

void transfer() {
  std::scoped_lock lk(m1, m2);
  from -= 1;
  to += 1;
}

void audit() {
  std::lock(m1, m2);
  std::lock_guard<std::mutex> g1(m1, std::adopt_lock);
  std::lock_guard<std::mutex> g2(m2, std::adopt_lock);
  from += to - to;
}

int main() {
  std::thread a(transfer), b(transfer), c(audit);
  a.join();
  b.join();
  c.join();
  return from + to;
}
