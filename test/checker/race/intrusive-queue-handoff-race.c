// The races next to a hand-off through an intrusive queue are still found: a
// worker that only peeks at the head under the lock (no unlink) and runs the
// object's function outside it (two workers may run the same object), and
// the producer writing a request after it queued it (a worker may own it by
// then). The taking worker's own accesses are not reported.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stddef.h>

struct qnode {
  struct qnode *next, *prev;
};

#define container_of(p, type, field) ((type *)((char *)(p) - offsetof(type, field)))

static inline int q_empty(const struct qnode *q) { return q == q->next; }
static inline struct qnode *q_head(const struct qnode *q) { return q->next; }
static inline void q_remove(struct qnode *q) {
  q->prev->next = q->next;
  q->next->prev = q->prev;
}

struct work {
  int status;
  int hits;
  struct qnode wq;
};

struct req {
  long size;
  struct work w;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct qnode pending = {&pending, &pending};
static struct qnode peeked = {&peeked, &peeked};

static void fill(struct work *w) {
  struct req *r = container_of(w, struct req, w);
  r->size = 42; // the taker's: another worker took another request
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  if (q_empty(&pending)) {
    pthread_mutex_unlock(&mu);
    return 0;
  }
  struct qnode *q = q_head(&pending);
  q_remove(q);
  pthread_mutex_unlock(&mu);
  struct work *w = container_of(q, struct work, wq);
  fill(w);
  return (void *)(long)w->status;
}

static void *peeker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  struct qnode *q = q_head(&peeked); // read, not unlinked: still shared
  pthread_mutex_unlock(&mu);
  struct work *w = container_of(q, struct work, wq);
  // CHECK-DAG: intrusive-queue-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'work::hits': write in thread 'peeker' conflicts with write in another instance of thread 'peeker'
  w->hits++;
  return 0;
}

static struct req reqs[2];

int main(void) {
  pthread_t t[2], p[2];
  for (int i = 0; i < 2; ++i) {
    pthread_create(&t[i], 0, worker, 0);
    pthread_create(&p[i], 0, peeker, 0);
  }
  // CHECK-DAG: intrusive-queue-handoff-race.c:[[@LINE+1]]:13: warning: data race on 'reqs.w.status': write in thread 'main' conflicts with read in thread 'worker'
  reqs[0].w.status = 1; // after the workers started: one may own it already
  for (int i = 0; i < 2; ++i) {
    pthread_join(t[i], 0);
    pthread_join(p[i], 0);
  }
  return 0;
}
