// The same class with a mutex member guarding the field.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

class Counter {
public:
  void run() {
    for (int i = 0; i < 100; ++i) {
      std::lock_guard<std::mutex> lock(mu);
      value++;
    }
  }
  int get() {
    std::lock_guard<std::mutex> lock(mu);
    return value;
  }

private:
  std::mutex mu;
  int value = 0;
};

int main() {
  Counter c;
  std::thread a(&Counter::run, &c);
  std::thread b(&Counter::run, &c);
  int v = c.get();
  a.join();
  b.join();
  return v;
}
