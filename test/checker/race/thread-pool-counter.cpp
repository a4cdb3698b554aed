// Worker threads started in a constructor with [this]: a plain counter they
// all bump races.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    stop_ = true;
    for (auto &t : threads_)
      t.join();
  }

private:
  void loop() {
    while (!stop_) {
      std::lock_guard<std::mutex> g(mu_);
      ++locked_;
    }
    // CHECK: thread-pool-counter.cpp:[[@LINE+1]]:5: warning: data race on 'Pool::finished_': write in thread 'lambda at
    finished_++;
  }
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::atomic<bool> stop_{false};
  int locked_ = 0;
  int finished_ = 0;
};

int main() {
  Pool p(4);
  return 0;
}
