// Initialize() joins the old workers (StopThreads) and starts new ones
// (StartThreads): when StartThreads is called the old workers are gone, so
// its writes before the launch loop happen before every worker, even on the
// second Initialize. A write after the launch loop races with the workers
// (enkiTS fc8f596: the seeds written after the threads were started), also
// through a local reference to the slot ('unsigned &seed = slots_[id].seed').
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

struct Slot {
  unsigned seed;
};

class Pool {
public:
  void Initialize(unsigned n) {
    StopThreads();
    n_ = n; // the old workers were joined: silent
    StartThreads();
  }

private:
  void StartThreads() {
    count_ = n_; // before the launch loop: silent
    slots_ = new Slot[n_];
    for (unsigned i = 0; i < n_; ++i)
      threads_[i] = std::thread(&Pool::Run, this, i);
    // CHECK: restart-after-join.cpp:[[@LINE+2]]:17: warning: data race on 'Slot::seed': write in thread 'main' conflicts with write in thread 'Pool::Run'
    for (unsigned i = 0; i < n_; ++i)
      slots_[i].seed = i;
  }
  void StopThreads() {
    for (unsigned i = 0; i < count_; ++i)
      threads_[i].join();
  }
  void Run(unsigned id) {
    unsigned &seed = slots_[id].seed;
    ++seed;
    (void)(n_ + count_);
  }
  std::thread threads_[8];
  Slot *slots_ = nullptr;
  unsigned n_ = 0, count_ = 0;
};

int main() {
  Pool p;
  p.Initialize(2);
  p.Initialize(4);
  return 0;
}
