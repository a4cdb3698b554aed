// std::latch and std::binary_semaphore order as sem_post/sem_wait do: the
// thread's write before count_down() is seen after main's wait(), and
// main's release() orders what it did before with what the thread does
// after acquire(). -DEARLY: main reads before its wait().
// RUN: %parcheck %s -- -std=c++20 | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -std=c++20 -DEARLY | FileCheck %s --check-prefix=EARLY
// SAFE-NOT: warning:
#include <latch>
#include <semaphore>
#include <thread>

int a, b, c;
std::latch done(1);
std::binary_semaphore go(0);

int main() {
  // EARLY: latch-semaphore-order.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'a': write in thread 'lambda at latch-semaphore-order.cpp:{{[0-9:]+}}' conflicts with read in thread 'main'
  std::thread t([] { a = 1; done.count_down(); go.acquire(); b = a + c; });
#ifdef EARLY
  int early = a;
#else
  int early = 0;
#endif
  done.wait();
  int v = a;
  c = 2;
  go.release();
  t.join();
  return v + b + early;
}
