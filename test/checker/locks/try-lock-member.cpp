// std::mutex::try_lock returns true on success; a spin until success holds it.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex mu;
int done, spun;

void worker() {
  if (mu.try_lock()) {
    done++;
    mu.unlock();
  }
  while (!mu.try_lock()) {
  }
  spun++;
  mu.unlock();
}

int main() {
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  return done + spun;
}
