// producer-consumer: a bounded queue with one mutex and two condition variables;
// waits use predicates, so spurious wakeups are harmless. Correct. Expected: no
// findings; the consumer sums 1..10000.
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

class BoundedQueue {
public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  void push(int v) {
    std::unique_lock<std::mutex> lk(mu_);
    not_full_.wait(lk, [this] { return items_.size() < capacity_; });
    items_.push_back(v);
    not_empty_.notify_one();
  }
  int pop() {
    std::unique_lock<std::mutex> lk(mu_);
    not_empty_.wait(lk, [this] { return !items_.empty(); });
    int v = items_.front();
    items_.pop_front();
    not_full_.notify_one();
    return v;
  }

private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<int> items_;
  size_t capacity_;
};

int main() {
  BoundedQueue q(16);
  long sum = 0;
  std::thread consumer([&] {
    for (int v; (v = q.pop()) != 0;)
      sum += v;
  });
  std::thread producer([&] {
    for (int i = 1; i <= 10000; ++i)
      q.push(i);
    q.push(0);
  });
  producer.join();
  consumer.join();
  std::printf("sum = %ld (expected %d)\n", sum, 10000 * 10001 / 2);
}
