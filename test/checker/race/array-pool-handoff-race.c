// The races next to an array pool's hand-off are still found: a job that
// only peeks at the top of the pool under its lock without popping it (two
// jobs then use the same context at once), a job that keeps using its
// context after it pushed it back, and an index that does not step the
// count (every job reads slot 0).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct ctx {
  int level;
  int pos;
  int uses;
};

struct pool {
  pthread_mutex_t mu;
  int avail;
  struct ctx *items[8];
};

static struct pool P = {PTHREAD_MUTEX_INITIALIZER, 0, {0}};

static struct ctx *peek_ctx(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  struct ctx *c = p->avail ? p->items[p->avail - 1] : 0; // not removed
  pthread_mutex_unlock(&p->mu);
  return c;
}

static struct ctx *get_ctx(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  if (!p->avail) {
    pthread_mutex_unlock(&p->mu);
    return 0;
  }
  p->avail--;
  struct ctx *c = p->items[p->avail];
  pthread_mutex_unlock(&p->mu);
  return c;
}

static void release_ctx(struct pool *p, struct ctx *c) {
  pthread_mutex_lock(&p->mu);
  p->items[p->avail++] = c;
  pthread_mutex_unlock(&p->mu);
}

static void *peeker(void *arg) {
  (void)arg;
  struct ctx *c = peek_ctx(&P);
  if (!c)
    return 0;
  // CHECK-DAG: array-pool-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'ctx::level': write in thread 'peeker' conflicts with write in another instance of thread 'peeker'
  c->level = 1;
  return 0;
}

static void *job(void *arg) {
  (void)arg;
  struct ctx *c = get_ctx(&P);
  if (!c)
    return 0;
  // CHECK-DAG: array-pool-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'ctx::pos': write in thread 'job' conflicts with write in another instance of thread 'job'
  c->pos = 0; // the owner's write, against the write below of another job
  release_ctx(&P, c);
  // CHECK-DAG: array-pool-handoff-race.c:[[@LINE+1]]:6: note: conflicting write in thread 'job', holding no lock
  c->pos = 1; // pushed back: another job may have popped it
  return 0;
}

static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ctx *slots[8];
static int nslots;

static void *first_slot(void *arg) {
  (void)arg;
  pthread_mutex_lock(&slot_mu);
  nslots--;
  struct ctx *c = slots[0]; // the index does not read the count
  pthread_mutex_unlock(&slot_mu);
  // CHECK-DAG: array-pool-handoff-race.c:[[@LINE+1]]:6: warning: data race on 'ctx::uses': write in thread 'first_slot' conflicts with write in another instance of thread 'first_slot'
  c->uses++;
  return 0;
}

int main(void) {
  pthread_t t[2], u[2], v[2];
  for (int i = 0; i < 2; ++i) {
    pthread_create(&t[i], 0, peeker, 0);
    pthread_create(&u[i], 0, job, 0);
    pthread_create(&v[i], 0, first_slot, 0);
  }
  for (int i = 0; i < 2; ++i) {
    pthread_join(t[i], 0);
    pthread_join(u[i], 0);
    pthread_join(v[i], 0);
  }
  return 0;
}
