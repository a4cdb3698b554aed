// std::condition_variable::wait relocks its mutex inside pthread_cond_wait: after the wait
// the thread holds `m` again, and taking `n` then `m` elsewhere is an inversion.
// RUN: %clangxx -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include "Inputs/in-turn.h"
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex m, n;
std::condition_variable cv;
bool go;

int main() {
  std::thread waiter([] {
    std::unique_lock<std::mutex> lk(m);
    cv.wait(lk, [] { return go; });
    std::lock_guard<std::mutex> g(n);  // m (reacquired by wait) => n
  });
  {
    std::lock_guard<std::mutex> g(m);
    go = true;
  }
  cv.notify_one();
  // The inverted order runs after the waiter has finished: in turn, in a thread started
  // before the join, so no join orders the two (Inputs/in-turn.h).
  in_turn({[&] { waiter.join(); }, [] {
             std::lock_guard<std::mutex> g1(n);
             std::lock_guard<std::mutex> g2(m);  // n => m
           }});
  std::fprintf(stderr, "done\n");
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'm' => 'n' => 'm'
