// A fresh allocation that its function never publishes (a scratch
// workspace: tested, handed to helpers that keep it, freed) is each
// activation's own, also where a generic helper reaches it through a
// pointer parameter that other calls bind to objects the callers do not own:
// put32 writes the workspace of header_size, each worker's slot (its
// argument) and main's status after the joins, so its parameter is not
// owned and its targets are resolved one by one; the
// workspace target is private (zstd's ZDICT_getDictHeaderSize allocating
// 'wksp' for ZSTD_loadCEntropy, run by main and by the pool's trials). The
// shared table that main and the workers write is still a race.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

static unsigned char table[64];
static unsigned slots[2];
static unsigned status;

static void put32(void *p, unsigned v) { *(unsigned *)p = v; }

static void fill(unsigned char *w) { put32(w, 1); }

static int header_size(void) {
  unsigned char *wksp = malloc(64);
  if (!wksp)
    return -1;
  fill(wksp);
  int r = wksp[0];
  free(wksp);
  return r;
}

static void *worker(void *arg) {
  header_size();
  put32(arg, 1);
  table[0] = 1;
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, &slots[i]);
  header_size();
  table[0] = 2;
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  put32(&status, 0);
  return 0;
}
// CHECK: kept-heap-param-target.c:36:3: warning: data race on 'table[]': write in thread 'worker' conflicts with write in another instance of thread 'worker'
