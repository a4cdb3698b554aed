// greedy-thread-starvation: a "greedy" thread takes a mutex and keeps it while
// it processes a whole batch of 100 items (at least 500 ms); a polite thread that
// needs the lock once, for a moment, waits for the entire batch. No data race
// and no deadlock: the runtime shim reports the long hold that blocked another
// thread; the static checker and TSan have nothing to say. The fix: take the
// lock per item (or only to grab the next item) and do the work outside it.
// (Re-taking a glibc mutex in a tight loop also starves waiters, but not
// reproducibly: who wins the handover depends on wake-up latency, so this
// sample shows the deterministic form; reader-writer-starvation.c shows
// starvation itself.)
//
// How the order is forced, so that every run shows it, under every tool, on a
// busy machine: the greedy thread takes the lock before the polite thread asks
// for it (the barrier), and starts its batch only once the polite thread is
// asleep in pthread_mutex_lock (its state in /proc/self/task/<tid>/stat is 'S').
// The polite thread then waits for the whole batch, at least 100 x 5 ms =
// 500 ms: ten times the long_hold_ms below.
// RUNTIME-OPTIONS: long_hold_ms=50
#define _GNU_SOURCE // gettid
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;
static int polite_done;
static long greedy_rounds;
static atomic_int polite_tid;

static void busy_ms(int ms) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  do
    clock_gettime(CLOCK_MONOTONIC, &b);
  while ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

// Returns once thread `tid` is asleep (blocked in the kernel).
static void wait_until_asleep(int tid) {
  char path[64], stat[256];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  for (;;) {
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(stat, 1, sizeof stat - 1, f) : 0;
    if (f)
      fclose(f);
    stat[n] = 0;
    char *state = strrchr(stat, ')'); // "<tid> (<name>) <state> ..."
    if (state && state[1] == ' ' && state[2] == 'S')
      return;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
}

static void *greedy(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu); // EXPECT: long-hold
  pthread_barrier_wait(&start); // the polite thread asks for the lock only now
  while (atomic_load(&polite_tid) == 0)
    busy_ms(1);
  wait_until_asleep(atomic_load(&polite_tid)); // it waits for the lock now
  for (int item = 0; item < 100; item++) {
    greedy_rounds++;
    busy_ms(5); // the whole batch is processed while holding the lock
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *polite(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
  atomic_store(&polite_tid, gettid());
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
