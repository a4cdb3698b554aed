// A helper a thread calls on a local of its own and on a shared object
// (zstd's ZSTD_CCtxParams_setParameter on a job's stack copy of its
// parameters, and on a context's own): the call on the private local is
// private (the call-site split checks each call on its own), the call on
// the shared object holds the lock main holds. -DSHARED_UNLOCKED (the
// shared call without the lock) and -DLEAK (the local's address kept in a
// global) are still reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSHARED_UNLOCKED | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DLEAK | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'params::window'
#include <pthread.h>

struct params {
  int window;
  int level;
};

static struct params shared;
static pthread_mutex_t L = PTHREAD_MUTEX_INITIALIZER;
#ifdef LEAK
static struct params *last;
#endif

static void set_params(struct params *p, int v) {
  p->window = v;
  p->level = v + 1;
}

static void *worker(void *arg) {
  (void)arg;
  struct params mine = {0, 0};
#ifdef LEAK
  last = &mine;
#endif
  set_params(&mine, 1);
#ifdef SHARED_UNLOCKED
  set_params(&shared, 3);
#else
  pthread_mutex_lock(&L);
  set_params(&shared, 3);
  pthread_mutex_unlock(&L);
#endif
  return (void *)(long)mine.level;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_mutex_lock(&L);
  set_params(&shared, 2);
#ifdef LEAK
  if (last)
    last->window = 5;
#endif
  pthread_mutex_unlock(&L);
  pthread_join(t, 0);
  return 0;
}
