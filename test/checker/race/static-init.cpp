// A global object's constructor runs on the main thread before main: its
// writes do not race with threads created later.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <thread>

int configured;

struct Setup {
  Setup() { configure(); }
  static void configure() { configured = 1; }
};
Setup setup;

int main() {
  std::thread t([] { configured++; });
  t.join();
  return configured;
}
