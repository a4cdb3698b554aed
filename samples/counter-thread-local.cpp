// counter-thread-local: fix 3 for counter-race: each thread counts in its own
// slot and main adds the slots up after joining. No sharing while the threads
// run, so no lock and no contention at all. Expected: no findings.
#include <cstdio>
#include <thread>
#include <vector>

constexpr int kThreads = 4;
constexpr int kIterations = 100000;

int main() {
  std::vector<long> partial(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&partial, t] {
      thread_local long mine = 0;
      for (int i = 0; i < kIterations; ++i)
        ++mine;
      partial[t] = mine;
    });
  for (auto &t : threads)
    t.join();
  long total = 0;
  for (long p : partial)
    total += p;
  std::printf("counter = %ld (expected %d)\n", total, kThreads * kIterations);
}
