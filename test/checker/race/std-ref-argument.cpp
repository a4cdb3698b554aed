// Passing std::ref(q) to a thread does not touch q; the queue's own locking
// protects it, and each worker has its own Worker object.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class Queue {
public:
  void push(int v) {
    {
      std::lock_guard<std::mutex> g(mu_);
      q_.push(v);
    }
    cv_.notify_one();
  }
  int pop() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return !q_.empty(); });
    int v = q_.front();
    q_.pop();
    return v;
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<int> q_;
};

struct Worker {
  long done = 0;
  void run(Queue &q) {
    for (int v; (v = q.pop()) >= 0;)
      done += v;
  }
};

int main() {
  Queue q;
  std::vector<Worker> ws(4);
  std::vector<std::thread> ts;
  for (auto &w : ws)
    ts.emplace_back(&Worker::run, &w, std::ref(q));
  for (int i = 0; i < 100; ++i)
    q.push(i);
  for (size_t i = 0; i < ws.size(); ++i)
    q.push(-1);
  for (auto &t : ts)
    t.join();
  long total = 0;
  for (auto &w : ws)
    total += w.done;
  return (int)total;
}
