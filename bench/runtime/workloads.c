// Workloads for bench.py: ./workloads <lock-heavy|lock-tight|many-locks|compute> [scale [divisor]]
// Each prints a checksum so the work cannot be optimised away.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kThreads = 4 };
static long scale = 1, divisor = 1;  // work = base * scale / divisor
static const char *mode;

// lock-heavy: 4 threads, 16 shared mutexes, short critical sections, nested pairs in a
// consistent order (so edges exist but are known after the first few).
// lock-tight: the same with no work between acquisitions (worst case for any interposer).
static pthread_mutex_t shared[16];
static long counters[16];
// many-locks: 100000 locks, each taken once per pass, none nested (4 threads, each taking
// every fourth lock).
enum { kMany = 100000 };
static pthread_mutex_t *many;
static long many_counter;
// compute: arithmetic, with a lock every 100000 steps.
static pthread_mutex_t compute_mu = PTHREAD_MUTEX_INITIALIZER;
static double compute_sum;

static void *worker(void *arg) {
  long id = (long)arg;
  unsigned seed = (unsigned)id * 7919u + 1;
  if (!strcmp(mode, "lock-heavy") || !strcmp(mode, "lock-tight")) {
    int work = !strcmp(mode, "lock-heavy") ? 40 : 0;
    long n = 500000 * scale / divisor;
    for (long i = 0; i < n; ++i) {
      seed = seed * 1103515245u + 12345u;
      int a = (seed >> 8) % 16, b = (a + 1 + (seed >> 20) % 15) % 16;
      if (a > b) { int t = a; a = b; b = t; }
      // About 100 ns of private work per acquisition (a realistic lock-heavy loop: ~10M
      // lock operations per second per thread).
      for (int k = 0; k < work; ++k) seed = (seed ^ (seed >> 13)) * 1103515245u + 12345u;
      pthread_mutex_lock(&shared[a]);
      if (i % 4 == 0) {
        pthread_mutex_lock(&shared[b]);
        counters[b]++;
        pthread_mutex_unlock(&shared[b]);
      }
      counters[a]++;
      pthread_mutex_unlock(&shared[a]);
    }
  } else if (!strcmp(mode, "many-locks")) {
    for (long pass = 0; pass < 2 * scale; ++pass)
      for (long i = id; i < kMany / divisor; i += kThreads) {
        pthread_mutex_lock(&many[i]);
        many_counter += i & 1;
        pthread_mutex_unlock(&many[i]);
      }
  } else {
    double x = id + 1, local = 0;
    long n = 50000000 * scale / divisor;
    for (long i = 0; i < n; ++i) {
      x = x * 1.0000001 + 0.5;
      if (x > 1e6) x -= 1e6;
      local += x;
      if (i % 100000 == 0) {
        pthread_mutex_lock(&compute_mu);
        compute_sum += local;
        pthread_mutex_unlock(&compute_mu);
        local = 0;
      }
    }
    pthread_mutex_lock(&compute_mu);
    compute_sum += local;
    pthread_mutex_unlock(&compute_mu);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <lock-heavy|lock-tight|many-locks|compute> [scale [divisor]]\n", argv[0]);
    return 2;
  }
  mode = argv[1];
  if (argc > 2) scale = atol(argv[2]);
  if (argc > 3) divisor = atol(argv[3]);
  for (int i = 0; i < 16; ++i) pthread_mutex_init(&shared[i], 0);
  many = malloc(sizeof(pthread_mutex_t) * kMany);
  for (int i = 0; i < kMany; ++i) pthread_mutex_init(&many[i], 0);
  pthread_t t[kThreads];
  for (long i = 0; i < kThreads; ++i) pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < kThreads; ++i) pthread_join(t[i], 0);
  long sum = many_counter;
  for (int i = 0; i < 16; ++i) sum += counters[i];
  printf("%s checksum %ld %.0f\n", mode, sum, compute_sum);
  return 0;
}
