// A const member function reads its object through 'const T *this': a
// getter called by one thread while another thread's non-const method
// writes the member is a race (parcheck did not see reads through const
// views at all before). -DLOCKED: both take the object's 'mutable' mutex
// (a const method may lock it): silent.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s
// RUN: %parcheck %s -- -std=c++17 -DLOCKED | FileCheck %s --check-prefix=SAFE --allow-empty
// SAFE-NOT: warning:
#include <mutex>
#include <thread>

class Counter {
public:
  void add() {
#ifdef LOCKED
    std::lock_guard<std::mutex> g(m_);
#endif
    // CHECK: const-method-read.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'Counter::n_': write in thread 'main' conflicts with read in thread 'lambda
    ++n_;
  }
  int get() const {
#ifdef LOCKED
    std::lock_guard<std::mutex> g(m_);
#endif
    return n_;
  }

private:
  mutable std::mutex m_;
  int n_ = 0;
};

Counter C;

int main() {
  std::thread t([] { (void)C.get(); });
  C.add();
  t.join();
}
