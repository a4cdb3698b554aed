// A fresh object is private to its creator until its pointer is published:
// the writes before the spawn loop touch this pool only, though the pools of
// earlier calls (same class) already have running workers. Handing the
// pointer to a helper that does not keep it does not publish it.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct pool {
  int limit;
  int busy;
  pthread_t tids[2];
};

static void *worker(void *arg) {
  struct pool *p = arg;
  return (void *)(long)(p->limit + p->busy);
}

static int pool_valid(const struct pool *p) { return p != 0; }

static struct pool *pool_create(int n) {
  struct pool *p = calloc(1, sizeof *p);
  if (!pool_valid(p))
    return 0;
  p->limit = n;
  p->busy = 0;
  for (int i = 0; i < 2; i++)
    pthread_create(&p->tids[i], 0, worker, p);
  return p;
}

int main(void) {
  struct pool *a = pool_create(4);
  struct pool *b = pool_create(8);
  for (int i = 0; i < 2; i++) {
    pthread_join(a->tids[i], 0);
    pthread_join(b->tids[i], 0);
  }
  return 0;
}
