// Ownership transfer through a lock-protected array pool (a free stack:
// zstd's context pool, 'p->avail--; c = p->items[p->avail];' under the pool's
// mutex): a thread that pops an element, decrementing the count the index
// reads, owns it until it pushes it back. Two jobs run at once, each on the
// context it took (or on a fresh one when the pool is empty: an allocation,
// or a constructor of another TU named '*create*'): no race, also in the
// callees the job hands its context to.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
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

static struct ctx *get_ctx(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  if (p->avail) {
    p->avail--;
    struct ctx *c = p->items[p->avail];
    pthread_mutex_unlock(&p->mu);
    return c;
  }
  pthread_mutex_unlock(&p->mu);
  return calloc(1, sizeof(struct ctx));
}

static void release_ctx(struct pool *p, struct ctx *c) {
  pthread_mutex_lock(&p->mu);
  p->items[p->avail++] = c;
  pthread_mutex_unlock(&p->mu);
}

static void compress(struct ctx *c) {
  c->pos = 0;
  c->pos += c->level;
}

static void *job(void *arg) {
  (void)arg;
  struct ctx *c = get_ctx(&P);
  if (!c)
    return 0;
  c->level = 3; // the owner's write: another job holds another context
  compress(c);
  release_ctx(&P, c);
  return 0;
}

// A pool whose fallback is a constructor of another TU ('*create*').
struct ctx *ctx_create(int level);
static pthread_mutex_t spare_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ctx *spares[8];
static int nspares;

static struct ctx *get_spare(void) {
  pthread_mutex_lock(&spare_mu);
  if (nspares > 0) {
    struct ctx *c = spares[--nspares];
    pthread_mutex_unlock(&spare_mu);
    return c;
  }
  pthread_mutex_unlock(&spare_mu);
  return ctx_create(1);
}

static void *job3(void *arg) {
  (void)arg;
  struct ctx *c = get_spare();
  if (!c)
    return 0;
  c->uses++; // the owner's write
  pthread_mutex_lock(&spare_mu);
  spares[nspares++] = c;
  pthread_mutex_unlock(&spare_mu);
  return 0;
}

// The same pop written in one expression, inside the thread.
static pthread_mutex_t free_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ctx *free_list[8];
static int nfree;

static void *job2(void *arg) {
  (void)arg;
  pthread_mutex_lock(&free_mu);
  struct ctx *c = nfree ? free_list[--nfree] : 0;
  pthread_mutex_unlock(&free_mu);
  if (!c)
    return 0;
  c->pos++;
  pthread_mutex_lock(&free_mu);
  free_list[nfree++] = c;
  pthread_mutex_unlock(&free_mu);
  return 0;
}

int main(void) {
  pthread_t t[4], u[2], v[2];
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, job, 0);
  for (int i = 0; i < 2; ++i) {
    pthread_create(&u[i], 0, job2, 0);
    pthread_create(&v[i], 0, job3, 0);
  }
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  for (int i = 0; i < 2; ++i) {
    pthread_join(u[i], 0);
    pthread_join(v[i], 0);
  }
  return 0;
}
