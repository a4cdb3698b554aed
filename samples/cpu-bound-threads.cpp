// cpu-bound-threads: the same prime count on threads, one per core. Each thread
// counts its own range into its own slot; main adds the slots after joining.
// CPU-bound work scales with cores (not beyond), and threads are cheaper to
// start than processes but share memory, so each slot must stay private.
// Expected: no findings.
#include <cstdio>
#include <thread>
#include <vector>

static long count_primes(long from, long to) {
  long n = 0;
  for (long k = from; k < to; ++k) {
    bool prime = k > 1;
    for (long d = 2; d * d <= k && prime; ++d)
      prime = k % d != 0;
    n += prime;
  }
  return n;
}

constexpr long kLimit = 200000;

int main() {
  unsigned cores = std::thread::hardware_concurrency();
  if (cores == 0)
    cores = 1;
  std::vector<long> counts(cores, 0);
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < cores; ++c)
    threads.emplace_back([&counts, c, cores] {
      counts[c] = count_primes(kLimit * c / cores, kLimit * (c + 1) / cores);
    });
  for (auto &t : threads)
    t.join();
  long total = 0;
  for (long n : counts)
    total += n;
  std::printf("%ld primes below %ld on %u threads\n", total, kLimit, cores);
}
