// C++: std::condition_variable::wait goes through pthread_cond_wait (from inside libstdc++),
// std::thread::join through pthread_join. A notify before anybody waits, and a wait with no
// predicate: the worker and main are stuck, reported with the wait's stack down to user
// code, exit 67.
// RUN: %clangxx -g -O0 %s -o %t -lpthread
// RUN: %run %t; test $? -eq 67
// RUN: not %run %t 2>&1 | FileCheck %s
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable ready_cv;

static void worker() {
  std::unique_lock<std::mutex> lk(mu);
  ready_cv.wait(lk);  // no predicate: the notification already went
}

int main() {
  ready_cv.notify_one();  // nobody waits yet: lost
  std::thread t(worker);
  t.join();
  std::fprintf(stderr, "done\n");
}
// CHECK: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// CHECK-NEXT: Thread T0 waits in pthread_join for thread T1 to finish:
// CHECK: main {{.*}}stuck-cxx-condvar.cpp:24
// CHECK: Thread T1 waits on condition variable 'ready_cv' with mutex 'mu':
// CHECK: worker() {{.*}}stuck-cxx-condvar.cpp:18
// CHECK: SUMMARY: parcheck: deadlock (all threads blocked) T0 -> join T1, T1 -> cond 'ready_cv' [parcheck-deadlock]
// CHECK: real deadlock: exiting with code 67 instead of hanging
// CHECK-NOT: done
