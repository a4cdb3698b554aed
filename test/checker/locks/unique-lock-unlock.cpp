// unique_lock::unlock() ends the protection; adopt_lock adopts a held mutex.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>
#include <thread>

std::mutex mu;
int guarded, after, adopted;

void work() {
  std::unique_lock<std::mutex> lk(mu);
  guarded++;
  lk.unlock();
  // CHECK: unique-lock-unlock.cpp:[[@LINE+1]]:3: warning: data race on 'after'
  after++;
  mu.lock();
  std::unique_lock<std::mutex> again(mu, std::adopt_lock);
  adopted++;
}

int main() {
  std::thread x(work), y(work);
  x.join();
  y.join();
  return guarded + after + adopted;
}
