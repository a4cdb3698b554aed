// The producer's side of ownership transfer through a lock-protected queue:
// what a producer writes through an object it is about to enqueue (a
// parameter, a part of one, a local record), on every path before it hands the
// object to a function that puts it into the queue under the queue's lock,
// happens before what a consumer does after taking it out under that lock.
// libuv's threadpool: uv_queue_work fills 'req->work_cb' and calls
// uv__work_submit(&req->work_req), which fills 'w->work' and calls
// post(&w->wq), which links it in under the pool's mutex; a worker takes it
// and runs 'w->work(w)', which reads 'req->work_cb'. memcached's extstore:
// a background thread fills a local request and submits it to a queue that an
// IO thread takes as a batch (cut off with 'end->next = NULL') and walks; a
// worker fills an IO inside a fresh object through a second pointer.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

struct qnode {
  struct qnode *next, *prev;
};

#define container_of(p, type, field) ((type *)((char *)(p) - offsetof(type, field)))

static inline int q_empty(const struct qnode *q) { return q == q->next; }
static inline struct qnode *q_head(const struct qnode *q) { return q->next; }
static inline void q_insert_tail(struct qnode *h, struct qnode *q) {
  q->next = h;
  q->prev = h->prev;
  q->prev->next = q;
  h->prev = q;
}
static inline void q_remove(struct qnode *q) {
  q->prev->next = q->next;
  q->next->prev = q->prev;
}

struct work {
  void (*run)(struct work *w);
  int loop;
  struct qnode wq;
};

struct work_req {
  void (*work_cb)(struct work_req *req);
  int result;
  struct work work_req;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct qnode pending = {&pending, &pending};

static void post(struct qnode *q) {
  pthread_mutex_lock(&mu);
  q_insert_tail(&pending, q);
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

static void work_submit(int loop, struct work *w, void (*run)(struct work *w)) {
  w->loop = loop; // before the post on every path: ordered before the worker
  w->run = run;
  post(&w->wq);
}

static void queue_work_run(struct work *w) {
  struct work_req *req = container_of(w, struct work_req, work_req);
  req->work_cb(req);
}

static int queue_work(int loop, struct work_req *req, void (*cb)(struct work_req *req)) {
  if (!cb)
    return -1;
  req->work_cb = cb; // handed on to work_submit, which posts it
  req->result = 0;
  work_submit(loop, &req->work_req, queue_work_run);
  return 0;
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  for (;;) {
    while (q_empty(&pending))
      pthread_cond_wait(&cv, &mu);
    struct qnode *q = q_head(&pending);
    q_remove(q);
    pthread_mutex_unlock(&mu);
    struct work *w = container_of(q, struct work, wq);
    if (w->loop)
      w->run(w);
    pthread_mutex_lock(&mu);
  }
  return 0;
}

static void compute(struct work_req *req) { req->result = 42; }

// A singly-linked queue taken as a batch.
struct io {
  struct io *next;
  int mode;
  long offset;
  void (*cb)(struct io *io);
};

struct io_thread {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  struct io *queue;
};

static struct io_thread iot = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static void io_submit(struct io_thread *t, struct io *io) {
  pthread_mutex_lock(&t->mutex);
  io->next = t->queue;
  t->queue = io;
  pthread_mutex_unlock(&t->mutex);
  pthread_cond_signal(&t->cond);
}

static long done_bytes;
static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;

static void io_done(struct io *io) {
  pthread_mutex_lock(&done_mu);
  done_bytes += io->offset;
  pthread_mutex_unlock(&done_mu);
}

static void *io_worker(void *arg) {
  struct io_thread *me = arg;
  for (;;) {
    struct io *stack = NULL;
    pthread_mutex_lock(&me->mutex);
    if (me->queue == NULL)
      pthread_cond_wait(&me->cond, &me->mutex);
    if (me->queue != NULL) {
      struct io *end = me->queue;
      stack = me->queue;
      for (int i = 1; i < 4 && end->next; i++)
        end = end->next;
      me->queue = end->next;
      end->next = NULL;
    }
    pthread_mutex_unlock(&me->mutex);
    struct io *cur = stack;
    while (cur) {
      struct io *next = cur->next;
      if (cur->mode == 1)
        cur->cb(cur);
      cur = next;
    }
  }
  return 0;
}

static void *bg(void *arg) {
  (void)arg;
  struct io req; // a local record, filled before it is submitted
  req.mode = 1;
  req.offset = 4096;
  req.cb = io_done;
  io_submit(&iot, &req);
  for (;;)
    ;
  return 0;
}

// A part of a fresh object held by another local ('eio = &p->io_ctx;', as
// memcached's storage_get_item fills the IO inside a fresh io_pending) is
// fresh too until the object is published under either name.
struct blk {
  int mode;
  long offset;
};

struct pending {
  int active;
  struct blk io_ctx;
};

static pthread_mutex_t last_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pending *last;

static void *stager(void *arg) {
  (void)arg;
  struct pending *p = malloc(sizeof(*p));
  if (!p)
    return NULL;
  struct blk *eio = &p->io_ctx;
  eio->mode = 2;
  eio->offset = 0;
  p->active = 1;
  pthread_mutex_lock(&last_mu);
  last = p;
  pthread_mutex_unlock(&last_mu);
  return NULL;
}

static void *watcher(void *arg) {
  (void)arg;
  long seen = 0;
  pthread_mutex_lock(&last_mu);
  if (last)
    seen = last->io_ctx.mode + last->io_ctx.offset + last->active;
  pthread_mutex_unlock(&last_mu);
  return seen ? arg : NULL;
}

static struct work_req reqs[4];

int main(void) {
  pthread_t t[2], io, b, st, wa;
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  pthread_create(&io, 0, io_worker, &iot);
  pthread_create(&b, 0, bg, 0);
  pthread_create(&st, 0, stager, 0);
  pthread_create(&wa, 0, watcher, 0);
  for (int i = 0; i < 4; ++i)
    queue_work(1, &reqs[i], compute);
  for (;;)
    ;
  return 0;
}
