// RAII guards release on every path, including early returns.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>

std::mutex mu;
int items[16], n;

int push(int v) {
  std::lock_guard<std::mutex> g(mu);
  if (n == 16)
    return -1;
  items[n++] = v;
  return 0;
}

int pop() {
  std::unique_lock<std::mutex> lk(mu);
  if (n == 0)
    return -1;
  int v = items[--n];
  lk.unlock();
  return v;
}

int main() { return push(1) + pop(); }
