// A helper that makes each worker's object through an out-parameter
// ('*out = malloc(..)'), fills it and starts the worker on it, called once per
// worker: the fills of the next object come after the last worker started,
// but on an object no thread has yet. Stored fresh into the caller's cell, the
// object stays the helper's until '*out' goes anywhere else (the thread
// creation), as a returned fresh object is its caller's
// (bench/realcode: c-thread-pool's thread_init).
// Still races:
//   -DLATE   the helper writes the object after the thread creation;
//   -DEARLY  the helper publishes the object in a global before it fills it,
//            and the workers peek at the last one published.
// RUN: %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefix=LATE
// RUN: not %parcheck %s -- -DEARLY | FileCheck %s --check-prefix=EARLY
// SAFE-NOT: warning:
#include <pthread.h>
#include <stdlib.h>

struct pool;
struct worker {
  struct pool *pool;
  int id;
  pthread_t tid;
};
struct pool {
  struct worker *workers[4];
  int n;
};

static struct worker *last;

static void *run(void *arg) {
  struct worker *w = arg;
  int id = w->id;
#ifdef EARLY
  if (last)
    id += last->id;
#endif
  return (void *)(long)(id + (w->pool != 0));
}

static int start_worker(struct pool *p, struct worker **out, int id) {
  *out = malloc(sizeof(struct worker));
  if (*out == NULL)
    return -1;
#ifdef EARLY
  last = *out;
#endif
  (*out)->pool = p;
  // EARLY: fresh-out-param.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'worker::id': write in thread 'main' conflicts with read in thread 'run'
#ifndef LATE
  (*out)->id = id;
#endif
  pthread_create(&(*out)->tid, NULL, run, *out);
#ifdef LATE
  // LATE: fresh-out-param.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'worker::id': write in thread 'main' conflicts with read in thread 'run'
  (*out)->id = id;
#endif
  return 0;
}

int main(void) {
  struct pool *p = calloc(1, sizeof(*p));
  for (int i = 0; i < 4; i++)
    if (start_worker(p, &p->workers[i], i) == 0)
      p->n++;
  for (int i = 0; i < p->n; i++)
    pthread_join(p->workers[i]->tid, NULL);
  return 0;
}
