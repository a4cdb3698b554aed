// Ownership through parameters is per argument: a trial hands two fresh
// buffers to one call, and the callee lets only one of them (dict) go. The
// other (freqs) stays the trial's own, so zero_segment's write through it
// never meets another activation's (main runs a trial itself, as zstd's
// COVER_tryParameters without a pool). The shared table that main's build
// writes and a thread writes too is still a race.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:" --implicit-check-not="thread 'trial'"
#include <pthread.h>
#include <stdlib.h>

static int shared_freqs[16];
static char *last_dict;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void zero_segment(int *freqs) { freqs[0] = 0; }

// Keeps freqs, lets dict go.
static void build(int *freqs, char *dict) {
  zero_segment(freqs);
  pthread_mutex_lock(&mu);
  last_dict = dict;
  pthread_mutex_unlock(&mu);
}

static void *trial(void *arg) {
  (void)arg;
  int *freqs = malloc(16 * sizeof *freqs);
  char *dict = malloc(64);
  if (!freqs || !dict)
    return 0;
  build(freqs, dict);
  free(freqs);
  return 0;
}

static void *scan(void *arg) {
  (void)arg;
  shared_freqs[0] = 1;
  return 0;
}

int main(void) {
  pthread_t t[2], s;
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, trial, 0);
  pthread_create(&s, 0, scan, 0);
  build(shared_freqs, 0);
  trial(0); // no pool: main runs a trial itself
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  pthread_join(s, 0);
  return 0;
}
// CHECK: fresh-args-separate.c:15:40: warning: data race on 'shared_freqs[]': write in thread 'main' conflicts with write in thread 'scan'
// CHECK: fresh-args-separate.c:38:3: note: conflicting write in thread 'scan', holding no lock
