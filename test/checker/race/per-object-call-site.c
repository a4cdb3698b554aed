// A helper called with a global's object at one call and with other objects'
// members at another: on the paths through each call (the call-site split),
// the helper's parameter is what that call passes. main presets the global
// options before it starts the workers, then, while each worker reads its own
// coder's options through a filter member, presets the options of coders
// that make() keeps on its stack (one per run). Those two most likely use two objects (low, not shown by default),
// though 'o' in preset may hold the global on main's thread (bench/realcode:
// xz's lzma_lzma_preset(&opt_lzma) and (&easy->opt_lzma)). Before, every
// access of preset on main's thread reached the global, and the race was
// medium.
// Shown (medium):
//   -DLATE   main presets the global options again while the workers run,
//            and the workers read them: main's access reaches a global's
//            object.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefix=SHOWN
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
static struct coder *seen[8];
static int nseen;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void keep(struct coder *c) {
  pthread_mutex_lock(&mu);
  seen[nseen++ & 7] = c;
  pthread_mutex_unlock(&mu);
}

// HIDDEN: parcheck: not shown: 2 below --min-confidence (--min-confidence=low shows all)
// LOW: per-object-call-site.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'opts::level': write in thread 'main' conflicts with read in thread 'serve'
// LOW: note: confidence low: the object is reached through another object's member or a local object
// SHOWN: per-object-call-site.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'opts::level': write in thread 'main' conflicts with read in thread 'serve'
// SHOWN: note: confidence medium
static void preset(struct opts *o) { o->level = 6; }

static int use(struct filter *f) { return f->options->level; }

static void link(struct filter *f, struct opts *o) { f->options = o; }

static void *serve(void *arg) {
  (void)arg;
  struct coder mine;
  keep(&mine);
#ifdef LATE
  link(&mine.f, &gopts);
#else
  link(&mine.f, &mine.own);
#endif
  return (void *)(long)use(&mine.f);
}

// Runs once per coder: its local is one object per run.
static void make(void) {
  struct coder c;
  keep(&c);
  preset(&c.own);
  link(&c.f, &c.own);
}

int main(void) {
  pthread_t t[2];
  preset(&gopts);
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, serve, 0);
#ifdef LATE
  preset(&gopts);
#endif
  for (int i = 0; i < 2; i++)
    make();
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
