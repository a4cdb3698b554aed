// Counted completions (JobDispatch.cpp): a dispatcher that names jobs in a
// loop and, before it reuses what they read, waits for a count that each job
// counts down when it is done (zstd's COVER: 'COVER_best_start' before
// 'POOL_add', 'COVER_best_wait' before 'COVER_ctx_destroy' and the next
// 'COVER_ctx_init'; the job ends with 'COVER_best_finish'). What a job does
// before it counts down happens before what the dispatcher does after the
// wait; what the dispatcher does before naming a job happens before the job.
// Default: silent (reported before the counted-completion rule, on the
// context's members and on 'best::score').
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --check-prefix=SILENT --implicit-check-not="warning:"
// SILENT-NOT: warning:
//
// No wait in the loop: the next iteration's ctx_init and the ctx_destroy
// write what running jobs read.
// RUN: not %parcheck %s -- -DNO_WAIT | FileCheck %s --check-prefix=CTX
// The job counts itself done before it reads the context.
// RUN: not %parcheck %s -- -DFINISH_FIRST | FileCheck %s --check-prefix=CTX
// Nothing counts the jobs up: the wait may return before they start.
// RUN: not %parcheck %s -- -DNO_START | FileCheck %s --check-prefix=CTX
// The job counts down on some paths only.
// RUN: not %parcheck %s -- -DSOME_PATHS | FileCheck %s --check-prefix=CTX
// The wait is for another count than the one the jobs count down.
// RUN: not %parcheck %s -- -DOTHER_COUNT | FileCheck %s --check-prefix=CTX
// The count is changed without the lock the wait holds.
// RUN: not %parcheck %s -- -DUNLOCKED_DOWN | FileCheck %s --check-prefix=CTX
// CTX: warning: data race on 'ctx::size': write in thread 'main' conflicts with read in thread 'pool_thread'
//
// best_destroy reads the score without waiting first; and the error path's
// ctx_destroy, which only best_destroy's wait separated from the jobs
// named in earlier iterations, races too.
// RUN: not %parcheck %s -- -DDESTROY_NOWAIT | FileCheck %s --check-prefix=SCORE --implicit-check-not="warning:"
// SCORE-DAG: warning: data race on 'best::score': write in thread 'pool_thread' conflicts with read in thread 'main'
#include "Inputs/jobpool.h"

struct best {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int live, other;
  int score; // the best job's, written under mu
};
struct ctx {
  int *table;
  int size;
};
struct data {
  const struct ctx *ctx;
  struct best *best;
  int k;
};

static void best_start(struct best *b) {
  pthread_mutex_lock(&b->mu);
  ++b->live;
  pthread_mutex_unlock(&b->mu);
}

static void best_wait(struct best *b) {
  if (!b)
    return;
  pthread_mutex_lock(&b->mu);
#ifdef OTHER_COUNT
  while (b->other != 0)
#else
  while (b->live != 0)
#endif
    pthread_cond_wait(&b->cv, &b->mu);
  pthread_mutex_unlock(&b->mu);
}

static void best_finish(struct best *b, int score) {
#ifdef UNLOCKED_DOWN
  b->live--;
  pthread_mutex_lock(&b->mu);
#else
  pthread_mutex_lock(&b->mu);
  b->live--;
#endif
  if (score > b->score)
    b->score = score;
  if (b->live == 0)
    pthread_cond_broadcast(&b->cv);
  pthread_mutex_unlock(&b->mu);
}

static int best_destroy(struct best *b) {
  if (!b)
    return 0;
#ifndef DESTROY_NOWAIT
  best_wait(b);
#endif
  return b->score;
}

static void ctx_init(struct ctx *c, int d) {
  c->size = d;
  c->table = calloc(d, sizeof(int));
}

static void ctx_destroy(struct ctx *c) {
  free(c->table);
  // SCORE-DAG: counted-completion.c:[[@LINE+1]]:6: warning: data race on 'ctx::table': write in thread 'main'
  c->table = 0;
  // SCORE-DAG: counted-completion.c:[[@LINE+1]]:6: warning: data race on 'ctx::size': write in thread 'main'
  c->size = 0;
}

static void try_params(void *opaque) {
  struct data *d = opaque;
  const struct ctx *c = d->ctx;
  int score = 0;
#ifdef FINISH_FIRST
  best_finish(d->best, d->k);
#endif
  for (int i = 0; i < c->size; i++)
    score += c->table[i] * d->k;
#ifdef SOME_PATHS
  if (score > 0)
#endif
#ifndef FINISH_FIRST
    best_finish(d->best, score);
#endif
  free(d);
}

static int optimize(void) {
  struct pool *p = pool_create();
  struct best b;
  pthread_mutex_init(&b.mu, 0);
  pthread_cond_init(&b.cv, 0);
  b.live = b.other = b.score = 0;
  for (int d = 2; d < 8; d += 2) {
    struct ctx c;
    ctx_init(&c, d);
    for (int k = 1; k < 4; k++) {
      struct data *x = malloc(sizeof *x);
      if (!x) {
        best_destroy(&b);
        ctx_destroy(&c);
        pool_free(p);
        return -1;
      }
      x->ctx = &c;
      x->best = &b;
      x->k = k;
#ifndef NO_START
      best_start(&b);
#endif
      pool_add(p, try_params, x);
    }
#ifndef NO_WAIT
    best_wait(&b);
#endif
    ctx_destroy(&c);
  }
  int s = best_destroy(&b);
  pool_free(p);
  return s;
}

int main(void) { return optimize() < 0; }
