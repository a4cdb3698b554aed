// Members of an object embedded in another ('c->head.first'): the origin of
// 'c->head' is the one node of every cache's 'head', so the worker's own
// cache and main's locked queue cache looked like one object. The pointer
// the head is embedded behind tells them apart: the worker reaches its
// cache through 'worker::cache', main through 'queue::cache', never given
// the same object, so the worker's unlocked allocation and main's locked
// one are on two caches (memcached's per-thread io_cache and the conn
// queue's cache, both cache_t with an embedded STAILQ head).
// -DSHARED: the worker allocates from the queue's cache without its lock:
// reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSHARED | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'head::first'
#include <pthread.h>
#include <stdlib.h>

struct node {
  struct node *next;
};
struct head {
  struct node *first;
};
struct cache {
  pthread_mutex_t mu;
  struct head head; // not the first member: its own origin node
};
struct worker {
  struct cache *cache;
};
struct queue {
  struct cache *cache;
};

static struct worker W;
static struct queue Q;

static struct cache *cache_new(void) {
  struct cache *c = calloc(1, sizeof *c);
  pthread_mutex_init(&c->mu, 0);
  return c;
}

static struct node *do_alloc(struct cache *c) {
  struct node *x = c->head.first;
  if (x)
    c->head.first = x->next;
  return x;
}

static struct node *alloc_locked(struct cache *c) {
  pthread_mutex_lock(&c->mu);
  struct node *x = do_alloc(c);
  pthread_mutex_unlock(&c->mu);
  return x;
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
#ifdef SHARED
    (void)do_alloc(Q.cache);
#else
    (void)do_alloc(W.cache);
#endif
  }
  return 0;
}

int main(void) {
  W.cache = cache_new();
  Q.cache = cache_new();
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  for (int i = 0; i < 100; i++)
    (void)alloc_locked(Q.cache);
  pthread_join(t, 0);
  return 0;
}
