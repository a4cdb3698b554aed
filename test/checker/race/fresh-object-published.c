// Once its pointer is published (stored in a global a running thread reads,
// or handed to a helper that stores it), a fresh object is shared: a write
// after that races with the threads that see it; one before does not.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct pool {
  int limit;
  int busy;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct pool *current;
static struct pool *registry[4];
static pthread_t watcher_tid;

static void *watcher(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  struct pool *p = current;
  struct pool *q = registry[0];
  pthread_mutex_unlock(&mu);
  return (void *)(long)(p->limit + q->busy);
}

static void remember(struct pool *p) {
  pthread_mutex_lock(&mu);
  registry[0] = p;
  pthread_mutex_unlock(&mu);
}

static void pool_create(int n) {
  struct pool *p = calloc(1, sizeof *p);
  p->busy = 0; // not yet published: no race
  pthread_mutex_lock(&mu);
  current = p;
  pthread_mutex_unlock(&mu);
  // CHECK: fresh-object-published.c:[[@LINE+2]]:6: warning: data race on 'pool::limit': write in thread 'main' conflicts with read in thread 'watcher'
  // CHECK: fresh-object-published.c:24:28: note: conflicting read in thread 'watcher', holding no lock
  p->limit = n;
  struct pool *r = calloc(1, sizeof *r);
  remember(r);
  // CHECK: fresh-object-published.c:[[@LINE+2]]:6: warning: data race on 'pool::busy': write in thread 'main' conflicts with read in thread 'watcher'
  // CHECK: fresh-object-published.c:24:39: note: conflicting read in thread 'watcher', holding no lock
  r->busy = n;
}

int main(void) {
  pthread_create(&watcher_tid, 0, watcher, 0);
  pool_create(4);
  pthread_join(watcher_tid, 0);
  return 0;
}
