// std::jthread: a race while both run; after the scope both were joined.
// RUN: not %parcheck %s -- -std=c++20 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

int value;

int main() {
  {
    // CHECK: std-jthread.cpp:[[@LINE+1]]:25: warning: data race on 'value': write in thread 'lambda at std-jthread.cpp:[[@LINE+1]]:20' conflicts with write in thread 'lambda at std-jthread.cpp:[[@LINE+2]]:20'
    std::jthread a([] { value = 1; });
    std::jthread b([] { value = 2; });
  }
  value = 3; // both joined by their destructors
  return value;
}
