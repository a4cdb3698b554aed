// counter-atomic: fix 2 for counter-race: std::atomic makes each increment
// indivisible; no lock, no race. Expected: no findings.
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

constexpr int kThreads = 4;
constexpr int kIterations = 100000;

std::atomic<long> counter{0};

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < kIterations; ++i)
        counter.fetch_add(1, std::memory_order_relaxed);
    });
  for (auto &t : threads)
    t.join();
  std::printf("counter = %ld (expected %d)\n", counter.load(), kThreads * kIterations);
}
