// The races next to a queue hand-off are still found: the producer writing an
// item after it pushed it (the consumer may own it by then), and consumers
// that only peek at the queue's head under the lock without removing it (two
// of them then use the same item at once).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct item {
  int fd;
  int mode;
  struct item *next;
};

struct queue {
  pthread_mutex_t lock;
  struct item *head;
};

static struct queue q = {PTHREAD_MUTEX_INITIALIZER, 0};
static struct queue peeked = {PTHREAD_MUTEX_INITIALIZER, 0};

static struct item *item_new(void) {
  struct item *it = calloc(1, sizeof *it);
  return it;
}

static void push(struct queue *cq, struct item *it) {
  pthread_mutex_lock(&cq->lock);
  it->next = cq->head;
  cq->head = it;
  pthread_mutex_unlock(&cq->lock);
}

static struct item *pop(struct queue *cq) {
  pthread_mutex_lock(&cq->lock);
  struct item *it = cq->head;
  if (it)
    cq->head = it->next;
  pthread_mutex_unlock(&cq->lock);
  return it;
}

static void *consumer(void *arg) {
  (void)arg;
  struct item *it = pop(&q);
  if (!it)
    return 0;
  it->mode = 0; // the owner's write: no race with the other consumers
  // CHECK-DAG: queue-handoff-race.c:[[@LINE+1]]:{{[0-9]+}}: note: conflicting read in thread 'consumer', holding no lock
  return (void *)(long)it->fd;
}

struct job {
  int state;
};
static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct job *current;

static void *peeker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&jobs_mu);
  struct job *j = current; // read, not removed: still shared
  pthread_mutex_unlock(&jobs_mu);
  // CHECK-DAG: queue-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'job::state': write in thread 'peeker' conflicts with write in another instance of thread 'peeker'
  j->state++;
  return 0;
}

int main(void) {
  static struct job the_job;
  current = &the_job;
  pthread_t t[4], p[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&p[i], 0, peeker, 0);
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, consumer, 0);
  for (int i = 0; i < 4; ++i) {
    struct item *it = item_new();
    it->fd = i;
    push(&q, it);
    // CHECK-DAG: queue-handoff-race.c:[[@LINE+1]]:9: warning: data race on 'item::fd': write in thread 'main' conflicts with read in thread 'consumer'
    it->fd = -1; // after the push: a consumer may own it already
  }
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(p[i], 0);
  return 0;
}
