// A lock held on one side does not say the two sides use one object: each
// worker counts hits on its own connection (a local of a function that runs
// more than once, reached through its holder, registered in a global table,
// whose member every holder's connection is stored in), the readers without a lock,
// the writers under the table's lock. A reader's and a writer's 'c->hits++'
// most likely update two objects: low, not shown by default (bench/realcode: memcached's
// extstore IO objects, written under the page's lock by one thread and on the
// worker's own IO object by another).
// Shown (medium):
//   -DOWN_LOCK  the locked side holds the connection's own lock: objects of a
//               class that carries its own lock are made to be shared.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DOWN_LOCK | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>

struct conn {
  pthread_mutex_t lock;
  int hits;
};
struct holder {
  struct conn *c;
};

static struct holder *table[8];
static int nconns;
static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;

static void keep(struct holder *h) {
  pthread_mutex_lock(&table_mu);
  table[nconns++ & 7] = h;
  pthread_mutex_unlock(&table_mu);
}

// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
// LOW: per-object-locked.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'conn::hits'
// LOW: note: confidence low: the object is reached through another object's member or a local object
// SHOWN: per-object-locked.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'conn::hits'
// SHOWN: note: confidence medium
static void hit(struct conn *c) { c->hits++; }

static void hit_locked(struct conn *c) {
#ifdef OWN_LOCK
  pthread_mutex_lock(&c->lock);
  c->hits++;
  pthread_mutex_unlock(&c->lock);
#else
  pthread_mutex_lock(&table_mu);
  c->hits++;
  pthread_mutex_unlock(&table_mu);
#endif
}

static void *reader(void *arg) {
  (void)arg;
  struct conn mine;
  struct holder h = {&mine};
  keep(&h);
  hit(h.c);
  return 0;
}

static void *writer(void *arg) {
  (void)arg;
  struct conn mine;
  pthread_mutex_init(&mine.lock, 0);
  struct holder h = {&mine};
  keep(&h);
  hit_locked(h.c);
  return 0;
}

int main(void) {
  pthread_t r, w;
  pthread_create(&r, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(r, 0);
  pthread_join(w, 0);
  return 0;
}
