// Object origins are inclusion-based for memory too (Andersen's analysis,
// not Steensgaard's): a queue member given both a logger's and a watcher's
// buffer holds both, but the logger's and the watcher's members do not get
// each other's. A function whose address is only kept as an identity
// ('b->kind = (uintptr_t)&buf_init') or compared is not a callback whose
// parameters anything may bind. What a call through a hook never set in the
// program returns is no object ('alloc_hook ? alloc_hook(n) : malloc(n)').
// The nearby races are still found:
//   -DREAD_BACK the watcher takes its buffer back out of the queue, which
//               also holds the logger's;
//   -DSAME      both threads initialise the logger's buffer;
//   -DHOOK_SET  the hook is set to a function that hands out one shared
//               buffer.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DREAD_BACK | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DSAME | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DHOOK_SET | FileCheck %s --check-prefix=RACE
// SAFE-NOT: warning:
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

struct buf {
  uintptr_t kind;
  int head;
};
struct logger {
  struct buf *out;
};
struct watcher {
  struct buf *in;
};
struct queue {
  struct buf *last;
};

static struct logger *L;
static struct watcher *W;
static struct queue Q;
static pthread_mutex_t QM = PTHREAD_MUTEX_INITIALIZER;

static void *(*alloc_hook)(size_t);
static void *buf_alloc(size_t n) { return alloc_hook ? alloc_hook(n) : malloc(n); }
#ifdef HOOK_SET
static struct buf Shared;
static void *shared_alloc(size_t n) { return (void)n, &Shared; }
#endif

// RACE: origins-inclusion.c:[[@LINE+3]]:{{[0-9]+}}: warning: data race on 'buf::head'
static void buf_init(struct buf *b) {
  b->kind = (uintptr_t)&buf_init;
  b->head = 0;
}

static void enqueue(struct buf *b) {
  pthread_mutex_lock(&QM);
  Q.last = b;
  pthread_mutex_unlock(&QM);
}

static void *bg(void *arg) {
  (void)arg;
  W->in = buf_alloc(sizeof(struct buf));
  enqueue(W->in);
#ifdef READ_BACK
  pthread_mutex_lock(&QM);
  W->in = Q.last;
  pthread_mutex_unlock(&QM);
#endif
#ifdef SAME
  buf_init(L->out);
#else
  buf_init(W->in);
#endif
  return 0;
}

int main(void) {
#ifdef HOOK_SET
  alloc_hook = shared_alloc;
#endif
  L = calloc(1, sizeof *L);
  W = calloc(1, sizeof *W);
  pthread_t t;
  pthread_create(&t, 0, bg, 0);
  L->out = buf_alloc(sizeof(struct buf));
  enqueue(L->out);
  buf_init(L->out);
  pthread_join(t, 0);
  return 0;
}
