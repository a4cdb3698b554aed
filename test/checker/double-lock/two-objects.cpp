// Two different objects of one class, or a lock released before it is taken
// again, or taken again on another path: none is a double lock.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>

struct Node {
  std::mutex mu;
  int v = 0;
};

void copy(Node *dst, Node *src) {
  std::lock_guard<std::mutex> d(dst->mu);
  std::unique_lock<std::mutex> s(src->mu, std::try_to_lock);
  if (s.owns_lock())
    dst->v = src->v;
}

std::mutex mu;
int x;
void relock(bool again) {
  mu.lock();
  x++;
  mu.unlock();
  if (again)
    mu.lock();
  else
    mu.lock();
  x++;
  mu.unlock();
}

int main() {
  Node a, b;
  copy(&a, &b);
  relock(true);
}
