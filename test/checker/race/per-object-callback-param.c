// A callback handed to a helper as a parameter and called there
// ('with_opts(&mine.own, apply)', 'fn(o)') is resolved at each call of the
// helper; its parameters are bound to what the helper's call through the
// parameter passes, as for a callback called through a struct member
// (bench/realcode: xz's lzma_lz_decoder_init(.., &lzma_decoder_init)). Each
// worker updates its own local options through the callback: the two
// instances' accesses most likely use two objects, so the race is low and
// not shown by default. Before, the callback's parameter held "anything",
// and the race was medium.
// Shown (medium):
//   -DSHARED   the workers pass a global's options, which main keeps writing:
//              the callback's parameter reaches a global's object.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DSHARED | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>

struct opts {
  int level;
};
struct coder {
  struct opts own;
};

static struct coder *seen[8];
static int nseen;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
#ifdef SHARED
static struct opts shared_opts;
#endif

static void keep(struct coder *c) {
  pthread_mutex_lock(&mu);
  seen[nseen++ & 7] = c;
  pthread_mutex_unlock(&mu);
}

// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
// LOW: per-object-callback-param.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'opts::level'
// LOW: note: confidence low: the object is reached through another object's member or a local object
// SHOWN: per-object-callback-param.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'opts::level'
// SHOWN: note: confidence medium
static int apply(struct opts *o) { return o->level++; }

static int with_opts(struct opts *o, int (*fn)(struct opts *)) { return fn(o); }

static void *serve(void *arg) {
  (void)arg;
  struct coder mine;
  keep(&mine);
#ifdef SHARED
  return (void *)(long)with_opts(&shared_opts, apply);
#else
  return (void *)(long)with_opts(&mine.own, apply);
#endif
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, serve, 0);
#ifdef SHARED
  shared_opts.level = 2;
#endif
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
