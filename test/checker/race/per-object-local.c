// A local object of a function that runs more than once is one per run: each
// worker serves its own 'mine', though it registers the object's address in a
// global table (so the object escapes, and the accesses are class-level). The
// two instances' 'r->len++' most likely write two objects: low confidence, not
// shown by default (bench/realcode: zstd's and xz's per-call contexts).
// Shown again (medium):
//   -DLATEST     the table also keeps the latest object in a global pointer,
//                and main reads it there while the workers run: that access
//                reaches a global's object.
// Still low (a limit): main reading the objects through the table's entries
// ('held[i]->r->len') reaches them through the entries' members.
//   -DIN_MAIN    main runs the same code on a local of its own (main runs once),
//                and hands it to the workers.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DLATEST | FileCheck %s --check-prefix=SHOWN
// RUN: not %parcheck %s -- -DIN_MAIN | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>
#include <stdlib.h>

struct resp {
  long len;
};
struct holder {
  struct resp *r;
};

static struct holder *held[8];
static int nheld;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

#ifdef LATEST
static struct resp *latest;
#endif

static void keep(struct resp *r) {
  struct holder *h = malloc(sizeof *h);
  h->r = r;
#ifdef LATEST
  latest = r;
#endif
  pthread_mutex_lock(&mu);
  held[nheld++ & 7] = h;
  pthread_mutex_unlock(&mu);
}

// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
// LOW: per-object-local.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'resp::len': write in thread 'serve' conflicts with write in another instance of thread 'serve'
// LOW: note: confidence low: the object is reached through another object's member or a local object
// SHOWN: warning: data race on 'resp::len'
// SHOWN: note: confidence medium
static void reply(struct resp *r) { r->len++; }

static void *serve(void *arg) {
#ifdef IN_MAIN
  reply(arg);
#else
  (void)arg;
  struct resp mine = {0};
  keep(&mine);
  reply(&mine);
#endif
  return 0;
}

int main(void) {
  pthread_t t[2];
#ifdef IN_MAIN
  struct resp ours = {0};
  keep(&ours);
  reply(&ours);
  void *arg = &ours;
#else
  void *arg = 0;
#endif
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, serve, arg);
#ifdef LATEST
  pthread_mutex_lock(&mu);
  long seen = latest ? latest->len : 0;
  pthread_mutex_unlock(&mu);
  (void)seen;
#endif
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
