// The hot contended case of bench.py (issue 13): two threads each do 2,000,000
// std::lock_guard lock/unlock pairs of one std::mutex around ++counter.
// ./hot-mutex [scale [divisor]] (iterations = 2,000,000 * scale / divisor). Prints the count,
// so the work cannot be optimised away.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

static std::mutex mu;
static long counter;

int main(int argc, char **argv) {
  long scale = argc > 1 ? std::atol(argv[1]) : 1;
  long divisor = argc > 2 ? std::atol(argv[2]) : 1;
  long n = 2000000 * scale / divisor;
  auto work = [n] {
    for (long i = 0; i < n; ++i) {
      std::lock_guard<std::mutex> g(mu);
      ++counter;
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  std::printf("hot-mutex counter %ld\n", counter);
  return counter == 2 * n ? 0 : 1;
}
