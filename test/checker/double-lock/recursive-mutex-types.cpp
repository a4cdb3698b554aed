// Recursive by type: std::recursive_mutex and std::recursive_timed_mutex may
// be taken again by their owner, a std::mutex may not, whichever of the types
// a TU meets first (the answer is kept per type).
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

std::recursive_mutex rmu;
std::recursive_timed_mutex rtmu;
std::mutex plain, other;
int depth;

void plain_first() {
  // CHECK: recursive-mutex-types.cpp:[[@LINE+2]]:9: warning: 'plain' acquired while already held [parcheck-double-lock]
  plain.lock();
  plain.lock();
  depth++;
  plain.unlock();
  plain.unlock();
}

void twice_recursive() {
  rmu.lock();
  rmu.lock();
  depth++;
  rmu.unlock();
  rmu.unlock();
}

void twice_timed() {
  rtmu.lock();
  rtmu.lock();
  depth++;
  rtmu.unlock();
  rtmu.unlock();
}

void twice_recursive_guards() {
  std::lock_guard<std::recursive_mutex> a(rmu);
  std::lock_guard<std::recursive_mutex> b(rmu);
  depth++;
}

void plain_after() {
  // CHECK: recursive-mutex-types.cpp:[[@LINE+2]]:9: warning: 'other' acquired while already held [parcheck-double-lock]
  other.lock();
  other.lock();
  depth++;
  other.unlock();
  other.unlock();
}

int main() {
  plain_first();
  twice_recursive();
  twice_timed();
  twice_recursive_guards();
  plain_after();
}
