// The races next to the producer's side of a hand-off are still found: a
// producer that writes the object after it posted it (the worker may own it
// by then), a write that only some paths follow with the post, a write
// repeated in a loop around the post (after the first post), and a consumer
// that peeks at the head under the lock without taking it out (a producer's
// write before the post is ordered only with a thread that took the object).
// A part of a fresh object held by a second pointer is fresh only until the
// object is published: a write through it after that still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
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
  int loop;
  int state;
  int prio;
  int round;
  int hint;
  struct qnode wq;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct qnode pending = {&pending, &pending};

static void post(struct qnode *q) {
  pthread_mutex_lock(&mu);
  q_insert_tail(&pending, q);
  pthread_mutex_unlock(&mu);
}

static void submit(struct work *w, int loop) {
  w->loop = loop; // before the post on every path: ordered with the workers
  // CHECK-DAG: enqueue-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'work::hint': write in thread 'main' conflicts with read in thread 'peeker'
  w->hint = loop; // ... but not with the peeker, which never takes it
  post(&w->wq);
  // CHECK-DAG: enqueue-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'work::state': write in thread 'main' conflicts with read in thread 'worker'
  w->state = 1; // after the post: the worker may have taken it
}

static void maybe_submit(struct work *w, int prio) {
  // CHECK-DAG: enqueue-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'work::prio': write in thread 'main' conflicts with read in thread 'worker'
  w->prio = prio; // posted on some paths only
  if (prio > 0)
    post(&w->wq);
}

static void resubmit(struct work *w, int n) {
  for (int i = 0; i < n; ++i) {
    // CHECK-DAG: enqueue-handoff-race.c:[[@LINE+1]]:8: warning: data race on 'work::round': write in thread 'main' conflicts with read in thread 'worker'
    w->round = i; // also after the previous iteration's post
    post(&w->wq);
  }
}

static __thread long seen;

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&mu);
    if (q_empty(&pending)) {
      pthread_mutex_unlock(&mu);
      continue;
    }
    struct qnode *q = q_head(&pending);
    q_remove(q);
    pthread_mutex_unlock(&mu);
    struct work *w = container_of(q, struct work, wq);
    seen += w->loop + w->state + w->round;
    if (w->prio > 0)
      seen++;
  }
  return 0;
}

static void *peeker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  struct qnode *q = q_empty(&pending) ? NULL : q_head(&pending); // not removed
  pthread_mutex_unlock(&mu);
  if (q) {
    struct work *w = container_of(q, struct work, wq);
    // CHECK-DAG: enqueue-handoff-race.c:[[@LINE+1]]:15: note: conflicting read in thread 'peeker', holding no lock
    return w->hint > 0 ? arg : NULL; // 'hint' written before the post: a peek is not a take
  }
  return NULL;
}

struct blk {
  int mode;
  long offset;
};

struct pending {
  struct blk blk;
};

static pthread_mutex_t last_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pending *last;

static void *stager(void *arg) {
  (void)arg;
  struct pending *p = malloc(sizeof(*p));
  if (!p)
    return NULL;
  struct blk *eio = &p->blk;
  eio->mode = 2; // fresh: before the object is published
  pthread_mutex_lock(&last_mu);
  last = p;
  pthread_mutex_unlock(&last_mu);
  // CHECK-DAG: enqueue-handoff-race.c:[[@LINE+1]]:8: warning: data race on 'blk::offset': write in thread 'stager' conflicts with read in thread 'watcher'
  eio->offset = 4; // published (as 'last'): the watcher may read it
  return NULL;
}

static void *watcher(void *arg) {
  long seen = 0;
  pthread_mutex_lock(&last_mu);
  if (last)
    seen = last->blk.mode + last->blk.offset;
  pthread_mutex_unlock(&last_mu);
  return seen ? arg : NULL;
}

static struct work works[3];

int main(void) {
  pthread_t t[5];
  pthread_create(&t[0], 0, worker, 0);
  pthread_create(&t[1], 0, worker, 0);
  pthread_create(&t[2], 0, peeker, 0);
  pthread_create(&t[3], 0, stager, 0);
  pthread_create(&t[4], 0, watcher, 0);
  submit(&works[0], 1);
  maybe_submit(&works[1], 2);
  resubmit(&works[2], 2);
  for (;;)
    ;
  return 0;
}
