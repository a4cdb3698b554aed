// thread-pool: a fixed pool of workers takes tasks from a queue guarded by one
// mutex and a condition variable; results go to per-task slots and a counter
// under the same mutex. Shutdown sets a flag under the lock and wakes everyone.
// Correct. Expected: no findings.
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class ThreadPool {
public:
  explicit ThreadPool(unsigned n) {
    for (unsigned i = 0; i < n; ++i)
      workers_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto &w : workers_)
      w.join();
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> g(mu_);
      tasks_.push(std::move(task));
    }
    cv_.notify_one();
  }

private:
  void work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty())
          return;
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

int main() {
  std::vector<long> squares(100, 0);
  {
    ThreadPool pool(4);
    for (int i = 0; i < 100; ++i)
      pool.submit([&squares, i] { squares[i] = long(i) * i; });
  }
  long sum = 0;
  for (long s : squares)
    sum += s;
  std::printf("sum of squares = %ld\n", sum);
}
