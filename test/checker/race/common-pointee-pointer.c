// Per-thread argument blocks that share the object a pointer holds: each
// thread gets its own 'struct ctx' (cs[i]), but every cs[i].pool is 'p', a
// pointer declared outside the spawn loop and not assigned in it, so every
// block points to the one pool and the threads' 'count++' through it race,
// in the thread function ('c->pool->count++') or a helper it passes the
// pointer to ('update(c->pool)'). A pointer that changes in the loop, or is
// declared in it, gives each block its own object: 'q' (assigned each
// iteration) and 'r' (a new variable each iteration) stay each thread's.
// RUN: not %parcheck --no-caret %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct pool {
  long count;
};
struct slab {
  long used;
};
struct arena {
  long used;
};
struct ctx {
  struct pool *pool;
  struct slab *slab;
  struct arena *arena;
};

static void update(struct pool *p) {
  // CHECK: common-pointee-pointer.c:[[@LINE+1]]:6: warning: data race on 'pool::count': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  p->count += 2;
}

static void *worker(void *arg) {
  struct ctx *c = arg;
  // CHECK: common-pointee-pointer.c:[[@LINE+1]]:12: note: also written in thread 'worker'
  c->pool->count++;
  update(c->pool);
  c->slab->used++;
  c->arena->used++;
  return 0;
}

int main(void) {
  struct pool *p = calloc(1, sizeof *p);
  struct slab *q = 0;
  struct ctx cs[4];
  pthread_t t[4];
  for (int i = 0; i < 4; i++) {
    q = calloc(1, sizeof *q);
    struct arena *r = calloc(1, sizeof *r);
    cs[i].pool = p;
    cs[i].slab = q;
    cs[i].arena = r;
    pthread_create(&t[i], 0, worker, &cs[i]);
  }
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return (int)p->count;
}
