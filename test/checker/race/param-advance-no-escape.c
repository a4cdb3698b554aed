// A helper that steps an alias of its parameter through the buffer
// ('*op++ = 1; op += 2;') and measures how far it got ('op - start') lets
// nothing go: the pointer still points into the caller's object and no one
// else is given it. So a trial's fresh buffer handed to emit stays the
// trial's own, and emit's writes through it never meet another activation's
// (main runs a trial itself, as zstd's ZDICT_analyzeEntropy advancing
// 'dstPtr += hhSize'). A step whose value is kept ('kept = p++') still lets
// the pointer go: keep_tail's buffer is shared with main's. The shared
// table that main's emit writes and a thread writes too is still a race.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:" --implicit-check-not="thread 'trial'"
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

static char table[64];
static char *kept;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static size_t emit(void *dst, size_t cap) {
  char *const start = (char *)dst;
  char *op = start;
  char *const end = start + cap;
  *op++ = 1;
  op += 2;
  if (op < end)
    *op = 3;
  for (; op < end; op++)
    *op = 0;
  return (size_t)(op - start);
}

static void keep_tail(void *buf) {
  char *p = (char *)buf;
  p[0] = 4;
  pthread_mutex_lock(&mu);
  kept = p++;
  pthread_mutex_unlock(&mu);
}

static void *trial(void *arg) {
  (void)arg;
  char *d = malloc(64);
  if (!d)
    return 0;
  emit(d, 64);
  free(d);
  return 0;
}

static void *keeper(void *arg) {
  (void)arg;
  char *d = malloc(64);
  if (!d)
    return 0;
  keep_tail(d);
  return 0;
}

static void *scan(void *arg) {
  (void)arg;
  table[0] = 5;
  return 0;
}

int main(void) {
  pthread_t t[2], k, s;
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, trial, 0);
  pthread_create(&k, 0, keeper, 0);
  pthread_create(&s, 0, scan, 0);
  emit(table, sizeof table);
  trial(0); // no pool: main runs a trial itself
  keeper(0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  pthread_join(k, 0);
  pthread_join(s, 0);
  return 0;
}
// CHECK: param-advance-no-escape.c:26:5: warning: data race on 'table[]': write in thread 'main' conflicts with write in thread 'scan'
// CHECK: param-advance-no-escape.c:61:3: note: conflicting write in thread 'scan', holding no lock
// CHECK: param-advance-no-escape.c:34:3: warning: data race on '*d': write in thread 'main' conflicts with write in thread 'keeper'
