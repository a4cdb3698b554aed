// Plain polls on a C++ member (analysis/Concurrency.cpp, "Plain polls"): the
// owner waits for its detached lambda workers with 'while (alive > 0)', and
// each worker's '--alive' is its last act. The worker's write of 'last'
// before it counts itself out is not paired with the owner's read after the
// poll; two workers' writes of 'last' still race, and so do the poll and the
// stop flag.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --check-prefix=POLL --implicit-check-not="warning:"
// POLL: warning: data race on 'Pool::last': write in thread 'lambda at {{.*}}' conflicts with write in another instance of thread 'lambda at
// POLL-NOT: also read in thread 'main'
// POLL: warning: data race on 'Pool::alive': write in thread 'lambda at {{.*}}' conflicts with read in thread 'main'
// POLL: warning: data race on 'Pool::stop': write in thread 'main' conflicts with read in thread 'lambda at
//
// A bounded poll ('&&' with a countdown of tries) may give up: the owner's
// read is paired again.
// RUN: not %parcheck %s -- -std=c++17 -DBOUNDED | FileCheck %s --check-prefix=BOUNDED
// So does a poll whose loop calls a non-const method of the object (which
// may change the count itself).
// RUN: not %parcheck %s -- -std=c++17 -DSTEPS | FileCheck %s --check-prefix=BOUNDED
// BOUNDED: warning: data race on 'Pool::last'
// BOUNDED: also read in thread 'main'
#include <mutex>
#include <thread>
#include <unistd.h>

struct Pool {
  std::mutex mu;
  int alive = 0;
  int total = 0;
  int last = 0;
  volatile bool stop = false;
  void run(int id) {
    while (!stop) {
      std::lock_guard<std::mutex> g(mu);
      total += id;
    }
    last = id;
    std::lock_guard<std::mutex> g(mu);
    --alive;
  }
  void step() { usleep(10); }
  int wait_all() {
    stop = true;
#ifdef BOUNDED
    int tries = 1000;
    while (alive > 0 && tries-- > 0)
      usleep(10);
#elif defined(STEPS)
    while (alive > 0)
      step();
#else
    while (alive > 0)
      usleep(10);
#endif
    return last;
  }
};

int main() {
  Pool p;
  p.alive = 4;
  for (int i = 0; i < 4; i++)
    std::thread([&p, i] { p.run(i); }).detach();
  return p.wait_all();
}
