// Ownership transfer through a lock-protected queue (memcached's cq_push /
// cq_pop, zstd's POOL job queue, pigz's job lists): the producer fills a fresh
// item made by an allocation wrapper and pushes it under the queue's lock; a
// consumer takes it out under that lock and is then its only owner. The
// producer's writes before the push and the consumers' accesses after the
// take are ordered by the lock's release and acquire: no race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
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

// An allocation wrapper: its result is as fresh as calloc's.
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

// A dequeue: the item is removed under the lock and returned to the caller.
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
  int fd = it->fd + it->mode;
  it->mode = 0; // the owner's write: other consumers own other items
  return (void *)(long)fd;
}

// The same with a global list, taken from inside the thread (pigz's job
// lists): 'j = jobs; jobs = j->next;' under jobs_mu.
struct job {
  int seq;
  struct job *next;
};
static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct job *jobs;

static void *runner(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&jobs_mu);
    struct job *j = jobs;
    if (j)
      jobs = j->next;
    pthread_mutex_unlock(&jobs_mu);
    if (!j)
      return 0;
    j->seq++;
    free(j);
  }
}

int main(void) {
  pthread_t t[4], r[2];
  for (int i = 0; i < 2; ++i) {
    struct job *j = malloc(sizeof *j);
    j->seq = i;
    pthread_mutex_lock(&jobs_mu);
    j->next = jobs;
    jobs = j;
    pthread_mutex_unlock(&jobs_mu);
  }
  for (int i = 0; i < 2; ++i)
    pthread_create(&r[i], 0, runner, 0);
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, consumer, 0);
  for (int i = 0; i < 4; ++i) {
    struct item *it = item_new();
    it->fd = i; // filled before it is published by push()
    it->mode = 1;
    push(&q, it);
  }
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(r[i], 0);
  return 0;
}
