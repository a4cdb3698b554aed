// Objects of one class embedded as two different members of one class are
// two objects, whatever holds them: libuv's loop->signal_io_watcher, set up
// by uv__io_init through a helper after the threads start, against a
// worker's read of loop->async_io_watcher; zstd's cctx->requestedParams,
// which the main thread's setter writes through a parameter, against a
// job's read of its cctx->appliedParams.cParams. The member is known from
// the argument of each call down to the access (the call-site split), and a
// call made before the thread exists, through two helpers, is ordered
// before it. Members of other names in other classes are two objects too (a
// watcher's 'watcher_queue' node against a work item's 'wq'). The same member
// on both sides is still a race, and so is a member of the same name in
// another class, where C code casts between structs that begin with the same
// fields (-DPREFIX: the worker's 'works' is main's watcher seen as a work).
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSAME_WATCHER | FileCheck %s --check-prefix=WATCHER --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSAME_PARAMS | FileCheck %s --check-prefix=PARAMS --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DPREFIX | FileCheck %s --check-prefix=PREFIX --implicit-check-not="warning:"
#include <pthread.h>

struct io {
  int fd;
  int events;
};
struct loop {
  int flags;
  struct io async_w;
  struct io signal_w;
};
struct cparams {
  int window;
  int level;
};
struct params {
  int workers;
  struct cparams c;
};
struct cctx {
  int stage;
  struct params requested;
  struct params applied;
};

struct node {
  struct node *next;
};
struct watcher {
  int fd;
  struct node watcher_queue;
};
struct work {
#ifdef PREFIX
  int fd; // begins as a watcher does
  struct node watcher_queue;
#else
  int done;
  struct node wq;
#endif
};

static struct loop L;
static struct watcher W;
static struct work K;
static struct watcher *watchers = &W;
#ifdef PREFIX
// Two structs that begin alike: C code views one through the other.
static struct work *works = (struct work *)&W;
#else
static struct work *works = &K;
#endif

// PREFIX: embedded-members-apart.c:[[@LINE+1]]:44: warning: data race on 'node::next': write in thread 'main' conflicts with write in thread 'worker'
static void node_init(struct node *q) { q->next = q; }

static struct cctx C;
static struct cctx *job_cctx = &C;

// WATCHER: embedded-members-apart.c:[[@LINE+1]]:48: warning: data race on 'io::fd': write in thread 'main' conflicts with read in thread 'worker'
static void io_init(struct io *w, int fd) { w->fd = fd; w->events = 0; }
static void io_init_start(struct loop *l, struct io *w, int fd) {
  l->flags = 1;
  io_init(w, fd);
}
static void signal_init(struct loop *l) { io_init_start(l, &l->signal_w, 3); }
static void async_init(struct loop *l) { io_init_start(l, &l->async_w, 4); }

// PARAMS: embedded-members-apart.c:[[@LINE+1]]:56: warning: data race on 'cparams::window': write in thread 'main' conflicts with read in thread 'worker'
static void set_window(struct params *p, int v) { p->c.window = v; }
static void set_requested(struct cctx *c, int v) { set_window(&c->requested, v); }
static void set_applied(struct cctx *c, int v) { set_window(&c->applied, v); }

static void *worker(void *arg) {
  struct loop *l = arg;
  int fd = l->async_w.fd;
  int w = job_cctx->applied.c.window;
#ifdef PREFIX
  node_init(&works->watcher_queue);
#else
  node_init(&works->wq);
#endif
  return (void *)(long)(fd + w);
}

int main(void) {
  pthread_t t;
  async_init(&L);
  set_applied(job_cctx, 10);
  pthread_create(&t, 0, worker, &L);
  signal_init(&L);
  set_requested(job_cctx, 20);
  node_init(&watchers->watcher_queue);
#ifdef SAME_WATCHER
  async_init(&L);
#endif
#ifdef SAME_PARAMS
  set_applied(job_cctx, 30);
#endif
  pthread_join(t, 0);
  return 0;
}
