// A worker that reaches a global's member through its start argument
// ('&g' handed to the thread) or through a global pointer to the global
// ('gp = &g'), never by naming the global, still reads the global's own
// object: main sets 'g.p' and writes through it while the worker reads. The
// member is a global cell in the worker's thread too (per-root sharedCells:
// the closure from the global object through the thread's flows), so the race
// is not graded low as two per-object accesses (race/per-object-root-cell.c).
// RUN: not %parcheck %s -- | FileCheck %s
// RUN: not %parcheck %s -- -DVIA_POINTER | FileCheck %s
#include <pthread.h>
#include <stdlib.h>

struct obj {
  int x;
};
struct holder {
  struct obj *p;
};
static struct holder g;
static struct holder *gp = &g;

static void *worker(void *arg) {
#ifdef VIA_POINTER
  struct holder *s = gp;
  (void)arg;
#else
  struct holder *s = arg;
#endif
  return (void *)(long)s->p->x;
}

int main(void) {
  pthread_t t;
  g.p = calloc(1, sizeof(struct obj));
  pthread_create(&t, 0, worker, &g);
  // CHECK: global-cell-through-arg.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'obj::x': write in thread 'main' conflicts with read in thread 'worker'
  // CHECK: note: confidence medium
  gp->p->x = 3;
  pthread_join(t, 0);
  return 0;
}
