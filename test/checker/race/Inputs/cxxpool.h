// A C++ job pool for the tests of C++ pools (cxx-pool-*.cpp,
// counted-completion.cpp): the constructor starts its threads into a member
// vector, add() queues a job's function and argument, run() calls them
// through the function value, and the destructor stops and joins every
// thread (or, with -DDETACH, detaches them).
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

class Pool {
public:
  explicit Pool(int n) {
    for (int i = 0; i < n; i++)
      threads_.emplace_back([this] { run(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &t : threads_)
#ifdef DETACH
      t.detach();
#else
      t.join();
#endif
  }
  void add(void (*fn)(void *), void *arg) {
    std::lock_guard<std::mutex> g(mu_);
    q_.push_back({fn, arg});
    cv_.notify_one();
  }

private:
  struct Job {
    void (*fn)(void *);
    void *arg;
  };
  void run() {
    for (;;) {
      Job j;
      {
        std::unique_lock<std::mutex> lk(mu_);
        while (q_.empty() && !stop_)
          cv_.wait(lk);
        if (q_.empty())
          return;
        j = q_.front();
        q_.pop_front();
      }
      j.fn(j.arg);
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> q_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};
