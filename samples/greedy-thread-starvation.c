// greedy-thread-starvation: one "greedy" thread takes a mutex, holds it for a
// long stretch of work, releases it and immediately takes it again; a polite
// thread that wants the lock once waits a long time, because the mutex is not
// fair: the greedy thread wins almost every re-acquisition. No data race and no
// deadlock: the runtime shim reports the long wait and the holder that kept
// re-taking the lock (starvation). The fix: do the work outside the lock, or
// yield between acquisitions.
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;
static int polite_done;
static long greedy_rounds;

static void busy_ms(int ms) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do
    clock_gettime(CLOCK_MONOTONIC, &b);
  while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

static void *greedy(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
  for (;;) {
    pthread_mutex_lock(&mu); // EXPECT(runtime): starvation
    int done = polite_done;
    greedy_rounds++;
    busy_ms(5); // work done while holding the lock
    pthread_mutex_unlock(&mu);
    if (done || greedy_rounds > 300)
      break;
  }
  return NULL;
}

static void *polite(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
  busy_ms(2);
  pthread_mutex_lock(&mu);
  polite_done = 1;
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t g, p;
  pthread_barrier_init(&start, NULL, 2);
  pthread_create(&g, NULL, greedy, NULL);
  pthread_create(&p, NULL, polite, NULL);
  pthread_join(g, NULL);
  pthread_join(p, NULL);
  printf("greedy took the lock %ld times before the polite thread got it once\n",
         greedy_rounds);
  return 0;
}
