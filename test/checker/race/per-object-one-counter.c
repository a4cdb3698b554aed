// Workers that share one counter through a member of their own argument blocks
// ('w->c->n++', each block made by a helper): the counter is read from a member
// of a worker block, one of many, but the program makes one counter (main
// allocates it once), so the workers write one object: the race is shown
// (medium), not graded low as per-object memory.
// -DPER_WORKER: each worker gets a counter of its own (allocated in the spawn
// loop): counters are many, and the race is low, not shown by default.
// RUN: not %parcheck %s -- | FileCheck %s
// RUN: %parcheck %s -- -DPER_WORKER 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct counter {
  long n;
};
struct worker {
  int id;
  struct counter *c;
};

// CHECK: per-object-one-counter.c:[[@LINE+3]]:{{[0-9]+}}: warning: data race on 'counter::n': write in thread 'run' conflicts with write in another instance of thread 'run'
// CHECK: note: confidence medium: a member reached through a pointer stands for every object of its class
// HIDDEN: parcheck: not shown: 1 below --min-confidence
static void *run(void *arg) { struct worker *w = arg; w->c->n++; return 0; }

static struct worker *make_worker(int id, struct counter *c) {
  struct worker *w = malloc(sizeof *w);
  w->id = id;
  w->c = c;
  return w;
}

int main(void) {
  pthread_t t[4];
#ifndef PER_WORKER
  struct counter *shared = calloc(1, sizeof *shared);
#endif
  for (int i = 0; i < 4; i++) {
#ifdef PER_WORKER
    struct counter *shared = calloc(1, sizeof *shared);
#endif
    pthread_create(&t[i], 0, run, make_worker(i, shared));
  }
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return 0;
}
