// Objects of one class embedded as two different members of one class are
// two objects, whatever holds them: libuv's loop->signal_io_watcher, set up
// by uv__io_init through a helper after the threads start, against a
// worker's read of loop->async_io_watcher; zstd's cctx->requestedParams,
// which the main thread's setter writes through a parameter, against a
// job's read of its cctx->appliedParams.cParams. The member is known from
// the argument of each call down to the access (the call-site split), and a
// call made before the thread exists, through two helpers, is ordered
// before it. The same member on both sides is still a race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSAME_WATCHER | FileCheck %s --check-prefix=WATCHER --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSAME_PARAMS | FileCheck %s --check-prefix=PARAMS --implicit-check-not="warning:"
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

static struct loop L;
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
  return (void *)(long)(fd + w);
}

int main(void) {
  pthread_t t;
  async_init(&L);
  set_applied(job_cctx, 10);
  pthread_create(&t, 0, worker, &L);
  signal_init(&L);
  set_requested(job_cctx, 20);
#ifdef SAME_WATCHER
  async_init(&L);
#endif
#ifdef SAME_PARAMS
  set_applied(job_cctx, 30);
#endif
  pthread_join(t, 0);
  return 0;
}
