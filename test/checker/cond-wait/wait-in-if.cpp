// A condition wait guarded by 'if' instead of a loop: a spurious wakeup goes on
// with the predicate false.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable cv;
bool ready;
int data;

void consumer() {
  std::unique_lock<std::mutex> lk(mu);
  if (!ready)
    cv.wait(lk);
    // CHECK: wait-in-if.cpp:[[@LINE-1]]:8: warning: condition wait on 'cv' is not inside a loop that rechecks its predicate [parcheck-cond-wait]
    // CHECK-NEXT: wait-in-if.cpp:[[@LINE-2]]:8: note: wakeups can be spurious or stolen; wait in 'while (!predicate)', or pass the predicate to wait()
  data++;
}

void producer() {
  {
    std::lock_guard<std::mutex> g(mu);
    ready = true;
  }
  cv.notify_one();
}

int main() {
  std::thread c(consumer), p(producer);
  c.join();
  p.join();
}
