// Object origins: a class-level access names every object of its class, so
// a thread pushing into its logger's buffer and another draining a
// watcher's buffer looked like a race on 'buf::head'. The two pointers come
// from two members ('logger::out', 'watcher::in') between which no value is
// ever copied, so they are two objects; the helpers both threads call with
// both kinds ('buf_push', 'buf_drain') do not merge them: a thread's helper
// holds what that thread passes.
// The nearby races are still found:
//   -DRACE   the background thread pushes into the logger's buffer too;
//   -DALIAS  the watcher is given the logger's buffer ('w->in = l->out');
//   -DESCAPE the logger's buffer goes through a callback's parameter
//            (bound where the callback is called through 'peek_cb');
//   -DLIBRARY a comparator handed to qsort: bound by calls not seen, so any
//            object.
// -DOWN_CB gives the callback the watcher's own buffer: silent, as the
// parameter holds what the call through the slot passes.
//   -DWHOLE  main frees the watcher (a whole object) while the background
//            thread writes its embedded 'stats' (a member of another class:
//            the watcher's origins say nothing of the embedded object's).
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DRACE | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DALIAS | FileCheck %s --check-prefix=ALIAS
// RUN: not %parcheck %s -- -DESCAPE | FileCheck %s --check-prefix=ESCAPE
// RUN: not %parcheck %s -- -DLIBRARY | FileCheck %s --check-prefix=LIBRARY
// RUN: %parcheck %s -- -DOWN_CB | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DWHOLE | FileCheck %s --check-prefix=WHOLE
// SAFE-NOT: warning:
#include <pthread.h>
#include <stdlib.h>

struct buf {
  int head, tail;
};
struct stats {
  long drained;
};
struct logger {
  struct buf *out;
};
struct watcher {
  int fd;
  struct stats stats;
  struct buf *in;
};

static struct logger *L;
static struct watcher *W;

static struct buf *buf_new(void) {
  struct buf *b = malloc(sizeof *b);
  b->head = b->tail = 0;
  return b;
}
// RACE: object-origins.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'buf::head': write in thread 'main' conflicts with write in thread 'bg'
// ESCAPE: object-origins.c:[[@LINE+3]]:{{[0-9]+}}: warning: data race on 'buf::head': write in thread 'main' conflicts with read in thread 'bg'
// LIBRARY: object-origins.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'buf::head': write in thread 'main' conflicts with read in thread 'bg'
// ALIAS: object-origins.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'buf::head': write in thread 'main' conflicts with {{read|write}} in thread 'bg'
static void buf_push(struct buf *b) { b->head++; }
static void buf_drain(struct buf *b) { b->tail = b->head; }

#if defined(ESCAPE) || defined(OWN_CB)
// ESCAPE: object-origins.c:[[@LINE+1]]:{{[0-9]+}}: note: conflicting read in thread 'bg', holding no lock
static int buf_peek(struct buf *b) { return b->head; }
typedef int (*buf_fn)(struct buf *);
static buf_fn peek_cb = buf_peek;
#endif
#ifdef LIBRARY
// LIBRARY: object-origins.c:[[@LINE+3]]:{{[0-9]+}}: note: conflicting read in thread 'bg', holding no lock
static int buf_cmp(const void *a, const void *b) {
  struct buf *x = (struct buf *)a, *y = (struct buf *)b;
  return x->head - y->head;
}
#endif

static void *bg(void *arg) {
  (void)arg;
  buf_drain(W->in);
#ifdef ESCAPE
  peek_cb(L->out);
#endif
#ifdef OWN_CB
  peek_cb(W->in);
#endif
#ifdef LIBRARY
  qsort(W->in, 1, sizeof(struct buf), buf_cmp);
#endif
  buf_push(W->in);
#ifdef RACE
  buf_push(L->out);
#endif
#ifdef WHOLE
  // WHOLE: object-origins.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'stats::drained': write in thread 'bg' conflicts with write in thread 'main'
  W->stats.drained++;
#endif
  return 0;
}

int main(void) {
  L = calloc(1, sizeof *L);
  W = calloc(1, sizeof *W);
  L->out = buf_new();
  W->in = buf_new();
#ifdef ALIAS
  W->in = L->out;
#endif
  pthread_t t;
  pthread_create(&t, 0, bg, 0);
  buf_push(L->out);
  buf_drain(L->out);
#ifdef WHOLE
  free(W);
#endif
  pthread_join(t, 0);
  return 0;
}
