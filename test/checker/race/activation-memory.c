// Memory of one activation: a local, or what a local pointer holding only
// its function's own allocations points to. Accesses that reach it in its
// function, or in callees it is handed to by calls, run in that activation's
// thread, even when the object is published afterwards (returned inside a
// struct, stored in a heap record no other thread reads through this name):
// zstd's COVER_selectDict, whose candidate buffer every pool thread fills
// through ZDICT_finalizeDictionary and then returns. Handed to a thread
// (a creation's argument, or through a parameter a callee hands to one), or
// published through a global pointer another thread writes through, it is
// shared, and its races are reported.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSELF_SPAWN | FileCheck %s --check-prefixes=SELF,CHECK --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct selection {
  char *dict;
  size_t size;
};
struct holder {
  int *slot;
};

static void finalize(char *out, size_t n) {
  memset(out, 0, n);
  out[0] = 1;
}

static void fill_len(int *len, struct holder *h) {
  h->slot = len; // published into a record no thread reads it from
  *len = 4;
}

static struct selection select_dict(size_t n) {
  char *candidate = malloc(n);
  struct selection s = {0, 0};
  if (!candidate)
    return s;
  s.dict = candidate; // published to the caller
  s.size = n;
  finalize(candidate, n);
  candidate[1] = 2;
  return s;
}

static int measure(void) {
  int len;
  struct holder *h = malloc(sizeof *h);
  if (!h)
    return 0;
  fill_len(&len, h);
  len++;
  free(h);
  return len;
}

static int *shared_out;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *trial(void *arg) {
  (void)arg;
  struct selection s = select_dict(64);
  free(s.dict);
  return (void *)(long)measure();
}

// A local handed to a thread the function starts: the parent and the child
// both write it.
static void *child(void *arg) {
  int *v = arg;
  // SELF: activation-memory.c:[[@LINE+1]]:3: warning: data race on 'depth': write in thread 'child' conflicts with write in thread 'spawner'
  *v = 1;
  return 0;
}

static void *spawner(void *arg) {
  (void)arg;
  int depth = 0;
  pthread_t t;
  pthread_create(&t, 0, child, &depth);
#ifdef SELF_SPAWN
  depth = 2;
#endif
  pthread_join(t, 0);
  return 0;
}

// Published through a global pointer that another thread writes through:
// shared, whatever the activation does with it.
static void *publisher(void *arg) {
  (void)arg;
  int *mine = malloc(sizeof *mine);
  if (!mine)
    return 0;
  pthread_mutex_lock(&mu);
  shared_out = mine;
  pthread_mutex_unlock(&mu);
  // CHECK: activation-memory.c:[[@LINE+2]]:3: warning: data race on '*shared_out': write in thread 'publisher' conflicts with write in thread 'writer'
  // CHECK: activation-memory.c:[[@LINE+9]]:5: note: conflicting write in thread 'writer', holding 'mu'
  *mine = 1;
  return 0;
}

static void *writer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  if (shared_out)
    *shared_out = 2;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t[2], s, p, w;
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, trial, 0);
  pthread_create(&s, 0, spawner, 0);
  pthread_create(&p, 0, publisher, 0);
  pthread_create(&w, 0, writer, 0);
  trial(0); // main runs a trial itself
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  pthread_join(s, 0);
  pthread_join(p, 0);
  pthread_join(w, 0);
  return 0;
}
