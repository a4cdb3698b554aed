// After condition_variable::wait the mutex is held again.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable cv;
bool ready;
int data;

void consumer() {
  std::unique_lock<std::mutex> lk(mu);
  while (!ready)
    cv.wait(lk);
  data++;
}

void producer() {
  {
    std::lock_guard<std::mutex> g(mu);
    ready = true;
    data = 1;
  }
  cv.notify_one();
}

int main() {
  std::thread c(consumer), p(producer);
  c.join();
  p.join();
  return data;
}
