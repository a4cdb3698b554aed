// launch::deferred runs the task on the caller's thread at get(): no thread.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <future>

int progress;

int task() {
  progress = 50;
  return 1;
}

int main() {
  auto f = std::async(std::launch::deferred, task);
  progress = 10;
  return f.get() + progress;
}
