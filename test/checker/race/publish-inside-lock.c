// An object published into a lock-protected queue stays its publisher's
// while the publisher keeps holding the queue's lock: a consumer can only
// take it after acquiring that lock, so the publisher's accesses between the
// put and the unlock are ordered before the consumer's (libuv's worker:
// 'uv__queue_insert_tail(&w->loop->wq, &w->wq); uv_async_send(&w->loop->
// wq_async); uv_mutex_unlock(&w->loop->wq_mutex);'). After the unlock, or
// after a release and a retake (or a wait on it), the object is the consumer's: those accesses
// race with the consumer's.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DAFTER | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DRELOCK | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DWAIT | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'work::status'
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
  int status;
  struct qnode wq;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct qnode pending = {&pending, &pending};
static struct qnode finished = {&finished, &finished};

static void notify(int status) {
  if (status)
    pthread_cond_signal(&cv);
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
    pthread_mutex_lock(&mu);
    q_insert_tail(&finished, &w->wq);
#if defined(AFTER)
    pthread_mutex_unlock(&mu);
    notify(w->status); // the consumer may own it now
    pthread_mutex_lock(&mu);
#elif defined(RELOCK)
    pthread_mutex_unlock(&mu);
    pthread_mutex_lock(&mu);
    notify(w->status); // the consumer may have taken it in between
#elif defined(WAIT)
    pthread_cond_wait(&cv, &mu);
    notify(w->status); // the wait let the lock go
#else
    notify(w->status); // still under the queue's lock since the put
#endif
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
    struct work *w = container_of(q, struct work, wq);
    w->status = 0;
  }
}

static void submit(struct work *w) {
  w->status = 1;
  pthread_mutex_lock(&mu);
  q_insert_tail(&pending, &w->wq);
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

static struct work works[4];

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; ++i)
    submit(&works[i]);
  for (;;)
    drain();
  return 0;
}
