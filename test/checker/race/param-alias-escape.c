// A parameter copied into local aliases ('char *hdr = (char *)buf;',
// 'body = hdr + 4') escapes only if an alias does. finalize keeps its buffer,
// so the worker's fresh buffer stays its own and finalize's writes through it
// never meet another activation's (main runs a trial itself). finalize_keep
// stores an alias, so a buffer handed to it is published and stays shared
// (the keeper's and main's buffers are one location). The shared buffer that
// main's finalize writes and a thread writes too is still a race.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:" --implicit-check-not="thread 'trial'"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char shared_buf[64];
static char *kept;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void finalize(void *buf, size_t n) {
  char *hdr = (char *)buf;
  char *body = hdr + 4;
  memset(body, 0, n - 4);
  hdr[0] = 1;
}

static void finalize_keep(void *buf) {
  char *hdr = (char *)buf;
  hdr[1] = 2;
  pthread_mutex_lock(&mu);
  kept = hdr + 1;
  pthread_mutex_unlock(&mu);
}

static void *trial(void *arg) {
  (void)arg;
  char *d = malloc(64);
  if (!d)
    return 0;
  finalize(d, 64);
  free(d);
  return 0;
}

static void *keeper(void *arg) {
  (void)arg;
  char *d = malloc(64);
  if (!d)
    return 0;
  finalize_keep(d);
  return 0;
}

static void *scan(void *arg) {
  (void)arg;
  shared_buf[0] = 3;
  return 0;
}

int main(void) {
  pthread_t t[2], k, s;
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, trial, 0);
  pthread_create(&k, 0, keeper, 0);
  pthread_create(&s, 0, scan, 0);
  finalize(shared_buf, 64);
  trial(0); // no pool: main runs a trial itself
  keeper(0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  pthread_join(k, 0);
  pthread_join(s, 0);
  return 0;
}
// CHECK: param-alias-escape.c:20:10: warning: data race on 'shared_buf[]': write in thread 'main' conflicts with write in thread 'scan'
// CHECK: param-alias-escape.c:53:3: note: conflicting write in thread 'scan', holding no lock
// CHECK: param-alias-escape.c:26:3: warning: data race on '*d': write in thread 'main' conflicts with write in thread 'keeper'
