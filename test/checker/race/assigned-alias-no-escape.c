// A local pointer set by its one assignment to an address inside what a
// parameter points to ('p = &c->params;', 'req = container_of(w, ..)') is an
// alias of the parameter: the assignment itself lets nothing go, only the
// alias's own uses can. Each call of worker allocates a scratch context, has
// a helper that reads it through such an alias, and frees it: the scratch
// context stays the activation's own, and the frees of two threads are of
// two objects.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct params {
  int level;
  int window;
};

struct ctx {
  struct params applied;
  int pos;
};

static struct ctx shared = {{1, 2}, 0};
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static int level_of(struct ctx *c) {
  struct params *p;
  p = &c->applied;
  return p->level + p->window;
}

static void *worker(void *arg) {
  struct ctx *scratch = calloc(1, sizeof *scratch);
  int n = 0;
  if (scratch) {
    n = level_of(scratch); // this call's own: level_of does not let it go
    free(scratch);
  }
  pthread_mutex_lock(&mu);
  n += level_of(&shared);
  pthread_mutex_unlock(&mu);
  return (void *)(long)(n + (arg != 0));
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  return 0;
}
