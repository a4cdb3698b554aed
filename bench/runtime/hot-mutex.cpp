// The hot contended case of bench.py (issue 13): two threads each do 2,000,000
// std::lock_guard lock/unlock pairs of one std::mutex around ++counter.
// ./hot-mutex [scale [divisor [pin]]] (iterations = 2,000,000 * scale / divisor). With pin = 1
// each thread is pinned to a CPU of its own (when the process may run on two or more), so the
// two run at once for the whole loop; how often they collide on the mutex still depends on
// what else the CPUs run (natively about 90,000 futex calls on an idle 2-CPU machine, 18,000
// to 28,000 beside a test suite). Unpinned, a run may fall in either of two regimes (mostly
// one thread at a time, or both at once), which moves its time by 1.5x or more from run to
// run. Prints the count, so the work cannot be optimised away.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <pthread.h>
#include <sched.h>

static std::mutex mu;
static long counter;

// Pins the calling thread to the k-th CPU the process may run on; false if there is none.
static bool pinToCpu(int k) {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2)
    return false;
  for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed) || seen++ != k) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0;
  }
  return false;
}

int main(int argc, char **argv) {
  long scale = argc > 1 ? std::atol(argv[1]) : 1;
  long divisor = argc > 2 ? std::atol(argv[2]) : 1;
  bool pin = argc > 3 && std::atoi(argv[3]) != 0;
  long n = 2000000 * scale / divisor;
  auto work = [n, pin](int k) {
    if (pin && !pinToCpu(k)) {
      std::fprintf(stderr, "hot-mutex: cannot pin thread %d to a CPU of its own\n", k);
      std::exit(2);
    }
    for (long i = 0; i < n; ++i) {
      std::lock_guard<std::mutex> g(mu);
      ++counter;
    }
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  std::printf("hot-mutex counter %ld\n", counter);
  return counter == 2 * n ? 0 : 1;
}
