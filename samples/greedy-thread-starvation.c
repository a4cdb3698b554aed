// greedy-thread-starvation: a "greedy" thread takes a mutex and keeps it while
// it processes a whole batch of 100 items (about 300 ms); a polite thread that
// needs the lock once, for a moment, waits for the entire batch. No data race
// and no deadlock: the runtime shim reports the long hold that blocked another
// thread; the static checker and TSan have nothing to say. The fix: take the
// lock per item (or only to grab the next item) and do the work outside it.
// (Re-taking a glibc mutex in a tight loop also starves waiters, but not
// reproducibly: who wins the handover depends on wake-up latency, so this
// sample shows the deterministic form; reader-writer-starvation.c shows
// starvation itself.)
// RUNTIME-OPTIONS: long_hold_ms=100
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
  pthread_mutex_lock(&mu); // EXPECT: long-hold
  pthread_barrier_wait(&start); // the polite thread asks for the lock only now
  for (int item = 0; item < 100; item++) {
    greedy_rounds++;
    busy_ms(3); // the whole batch is processed while holding the lock
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *polite(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
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
  printf("greedy processed %ld items before the polite thread got the lock once\n",
         greedy_rounds);
  return 0;
}
