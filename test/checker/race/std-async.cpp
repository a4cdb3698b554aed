// std::async with launch::async runs on a new thread; the result read after
// get() is ordered, the write before get() races with the task.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <future>

int progress;

int task() {
  // CHECK: std-async.cpp:[[@LINE+1]]:3: warning: data race on 'progress': write in thread 'task' conflicts with write in thread 'main'
  progress = 50;
  return 1;
}

int main() {
  auto f = std::async(std::launch::async, task);
  progress = 10;
  int r = f.get();
  progress = 100;
  return r + progress;
}
