// io-bound-threads: eight "downloads" that each wait 20 ms for a simulated
// network. On threads they overlap their waiting: the whole batch takes about
// 20 ms instead of 160 ms, although the machine has only two cores, because a
// waiting thread needs no core. Each thread writes only its own result slot.
// Expected: no findings.
#include <pthread.h>
#include <stdio.h>
#include <time.h>

enum { DOWNLOADS = 8 };

struct download {
  int id;
  int bytes;
};

static void simulated_network_wait(void) {
  struct timespec ts = {0, 20 * 1000 * 1000};
  nanosleep(&ts, NULL);
}

static void *fetch(void *arg) {
  struct download *d = arg;
  simulated_network_wait();
  d->bytes = 1000 + d->id;
  return NULL;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
  struct download d[DOWNLOADS];
  pthread_t t[DOWNLOADS];
  double start = now();
  for (int i = 0; i < DOWNLOADS; i++) {
    d[i].id = i;
    pthread_create(&t[i], NULL, fetch, &d[i]);
  }
  long total = 0;
  for (int i = 0; i < DOWNLOADS; i++) {
    pthread_join(t[i], NULL);
    total += d[i].bytes;
  }
  printf("%d downloads, %ld bytes, %.0f ms on threads (%d ms one after another)\n", DOWNLOADS,
         total, (now() - start) * 1000, DOWNLOADS * 20);
  return 0;
}
