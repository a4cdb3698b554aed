// The job hand-off (job-dispatch-order.c) also orders what a function the
// dispatcher calls before it names the job does (zstd's
// 'COVER_best_init(&best)' before 'POOL_add(pool, COVER_tryParameters,
// data)'): 'set_up' runs in 'optimize' and in 'optimize_fast', each before
// its own hand-over, and each pool lives inside its call. 'tear_down',
// called after the hand-over, still races with the jobs, and so does
// 'set_up''s write when a caller calls it after naming a job ('late').
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:" --implicit-check-not="also written"
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefixes=CHECK,LATE --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

typedef void (*job_fn)(void *);
struct job {
  job_fn fn;
  void *arg;
};
struct pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct job queue[8];
  int head, tail, shutdown;
  pthread_t threads[4];
};

static void *pool_thread(void *opaque) {
  struct pool *p = opaque;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (p->head == p->tail && !p->shutdown)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->head == p->tail) {
      pthread_mutex_unlock(&p->mu);
      return 0;
    }
    struct job j = p->queue[p->head++ % 8];
    pthread_mutex_unlock(&p->mu);
    j.fn(j.arg);
  }
}

static struct pool *pool_create(void) {
  struct pool *p = calloc(1, sizeof *p);
  pthread_mutex_init(&p->mu, 0);
  pthread_cond_init(&p->cv, 0);
  for (int i = 0; i < 4; i++)
    pthread_create(&p->threads[i], 0, pool_thread, p);
  return p;
}

static void pool_add(struct pool *p, job_fn fn, void *arg) {
  pthread_mutex_lock(&p->mu);
  p->queue[p->tail % 8].fn = fn;
  p->queue[p->tail % 8].arg = arg;
  p->tail++;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

static void pool_free(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  p->shutdown = 1;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < 4; i++)
    pthread_join(p->threads[i], 0);
  free(p);
}

static int level;
static int results[8];

static void try_params(void *arg) {
  int *slot = arg;
  // CHECK-DAG: job-dispatch-callee.c:[[@LINE+1]]:11: note: conflicting read in thread 'pool_thread', holding no lock
  *slot = level;
}

static void try_fast(void *arg) {
  int *slot = arg;
  *slot = level + 1;
}

static void set_up(int n) {
  // LATE-DAG: job-dispatch-callee.c:[[@LINE+1]]:3: note: also written in thread 'main'
  level = n - 1;
}

static void tear_down(void) {
  // CHECK-DAG: job-dispatch-callee.c:[[@LINE+1]]:3: warning: data race on 'level': write in thread 'main' conflicts with read in thread 'pool_thread'
  level = 0;
}

static void optimize(int n) {
  struct pool *p = pool_create();
  set_up(n); // before any job is handed over: no race
  for (int i = 0; i < n; i++)
    pool_add(p, try_params, &results[i]);
  tear_down(); // the jobs may still run
  pool_free(p);
}

static void optimize_fast(int n) {
  struct pool *p = pool_create();
  set_up(n);
  for (int i = 0; i < n; i++)
    pool_add(p, try_fast, &results[i]);
#ifdef LATE
  set_up(0); // after a hand-over: the jobs may read 'level'
#endif
  pool_free(p);
}

int main(void) {
  optimize(4);
  optimize_fast(8);
  return results[0];
}
