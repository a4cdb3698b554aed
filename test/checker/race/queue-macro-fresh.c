// '(&c->head)->stqh_first' is 'c->head.stqh_first': the BSD queue macros
// ('STAILQ_INIT(&c->head)') reach the object c points to, so their writes on
// a fresh, unpublished object are private (memcached's cache_create), as a
// plain 'c->n = 0' is. Written after the object is published, they race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DPUBLISH_FIRST | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'cache_head::stqh_first'
#include <pthread.h>
#include <stdlib.h>
#include <sys/queue.h>

struct item {
  STAILQ_ENTRY(item) link;
  int v;
};
struct cache {
  pthread_mutex_t mu;
  STAILQ_HEAD(cache_head, item) head;
  int n;
};

static pthread_mutex_t gmu = PTHREAD_MUTEX_INITIALIZER;
static struct cache *g;

static struct cache *cache_create(void) {
  struct cache *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  pthread_mutex_init(&c->mu, 0);
#ifdef PUBLISH_FIRST
  pthread_mutex_lock(&gmu);
  g = c;
  pthread_mutex_unlock(&gmu);
#endif
  STAILQ_INIT(&c->head);
  c->n = 0;
  return c;
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&gmu);
  struct cache *c = g;
  pthread_mutex_unlock(&gmu);
  if (!c)
    return 0;
  pthread_mutex_lock(&c->mu);
  if (!STAILQ_EMPTY(&c->head))
    STAILQ_REMOVE_HEAD(&c->head, link);
  c->n++;
  pthread_mutex_unlock(&c->mu);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  struct cache *c = cache_create();
  pthread_mutex_lock(&gmu);
  g = c;
  pthread_mutex_unlock(&gmu);
  pthread_join(t, 0);
  return 0;
}
