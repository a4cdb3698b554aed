// A pointer member some code uses on a global object ('chain[0].options') may
// hold that global's object, but only for the threads whose code does so: a
// worker that reads the member only from its own coders' filters reads one
// of many objects there. main fills a global filter chain with the global
// options; each worker links its own coder's filter to the coder's own
// options and reads them; main presets the options of coders that make()
// keeps on its stack (one per run). The two sides most likely use two objects
// (low, not shown by default). Before, one use on a global object by any
// thread made every thread's reads of the member shared, and the race was
// medium (bench/realcode: xz's own global filter chains, 'chains[i][j].options'
// in xz/coder.c, against liblzma's workers).
// Shown (medium):
//   -DPEEK   the workers also read the global chain's options, and make()
//            links its coder into the chain before it presets the options:
//            the workers' reads of the member may be the chain's.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DPEEK | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>

struct opts {
  int level;
};
struct filter {
  struct opts *options;
};
struct coder {
  struct opts own;
  struct filter f;
};

static struct opts gopts;
static struct filter chain[2];
// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
// LOW: per-object-root-cell.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'opts::level': write in thread 'main' conflicts with read in thread 'serve'
// LOW: note: confidence low: the object is reached through another object's member or a local object
// SHOWN: per-object-root-cell.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'opts::level': write in thread 'main' conflicts with read in thread 'serve'
// SHOWN: note: confidence medium
static void preset(struct opts *o) { o->level = 6; }

static int use(struct filter *f) { return f->options->level; }

static void *serve(void *arg) {
  (void)arg;
  struct coder mine;
  mine.f.options = &mine.own;
#ifdef PEEK
  return (void *)(long)(use(&mine.f) + use(&chain[0]));
#else
  return (void *)(long)use(&mine.f);
#endif
}

// Runs once per coder: its local is one object per run.
static void make(void) {
  struct coder c;
#ifdef PEEK
  chain[0].options = &c.own;
#endif
  preset(&c.own);
  c.f.options = &c.own;
}

int main(void) {
  pthread_t t[2];
  chain[0].options = &gopts;
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, serve, 0);
  for (int i = 0; i < 2; i++)
    make();
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
