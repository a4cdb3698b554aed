// Ownership transfer through an intrusive, lock-protected queue (libuv's
// threadpool: src/queue.h and src/threadpool.c). The link is embedded in the
// object; a worker reads the head through an inline getter and unlinks it
// through an inline helper, both under the queue's lock, recovers the object
// with container_of and runs the object's own function on it outside the
// lock; the function recovers the request around it and fills a part of it
// through a helper. The finished object goes back through a second queue
// (under the same lock here: the links of two queues under two locks are one
// class, a limit of their own), from which the loop takes it before calling
// its completion. Every access after a take and before the
// next publish is the current owner's: no race between two workers, nor
// between a worker and the completion.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stddef.h>

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
  void (*done)(struct work *w);
  int status;
  struct qnode wq;
};

struct stat_buf {
  long size;
  long mode;
};

struct stat_req {
  struct stat_buf st;
  struct work w;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct qnode pending = {&pending, &pending};
static struct qnode finished = {&finished, &finished};

static void fill(struct stat_buf *dst) {
  dst->size = 42;
  dst->mode = 7;
}

static void stat_run(struct work *w) {
  struct stat_req *req;
  req = container_of(w, struct stat_req, w);
  fill(&req->st);
}

static long total;
static long size_of(const struct stat_buf *s) { return s->size; }

static void stat_done(struct work *w) {
  struct stat_req *req = container_of(w, struct stat_req, w);
  total += size_of(&req->st);
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
    w->run(w);
    w->status = 1; // the owner's write: another worker owns another object
    pthread_mutex_lock(&mu);
    q_insert_tail(&finished, &w->wq);
  }
  return 0;
}

static void drain(void) {
  for (;;) {
    pthread_mutex_lock(&mu);
    if (q_empty(&finished)) {
      pthread_mutex_unlock(&mu);
      return;
    }
    struct qnode *q = q_head(&finished);
    q_remove(q);
    pthread_mutex_unlock(&mu);
    struct work *w;
    w = container_of(q, struct work, wq);
    if (w->status)
      w->done(w);
  }
}

static void submit(struct work *w) {
  pthread_mutex_lock(&mu);
  q_insert_tail(&pending, &w->wq);
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

// The requests' functions are set before any thread starts (a producer's
// own writes before it queues an object are ordered too: enqueue-handoff.c).
static struct stat_req reqs[4] = {{.w = {stat_run, stat_done, 0, {0, 0}}},
                                  {.w = {stat_run, stat_done, 0, {0, 0}}},
                                  {.w = {stat_run, stat_done, 0, {0, 0}}},
                                  {.w = {stat_run, stat_done, 0, {0, 0}}}};

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; ++i)
    submit(&reqs[i].w);
  for (;;)
    drain();
  return 0;
}
