// A member function as the entry, the object shared by both threads.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

class Counter {
public:
  void run() {
    for (int i = 0; i < 100; ++i)
      // CHECK: member-function-root.cpp:[[@LINE+1]]:7: warning: data race on 'Counter::value': write in thread 'Counter::run' conflicts with write in another instance of thread 'Counter::run'
      value++;
  }
  int value = 0;
};

int main() {
  Counter c;
  std::thread a(&Counter::run, &c);
  std::thread b(&Counter::run, &c);
  a.join();
  b.join();
  return c.value;
}
