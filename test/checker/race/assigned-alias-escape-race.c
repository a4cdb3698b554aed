// An alias set by its one assignment still lets the parameter go through
// its own uses: here it is stored in a global, so the scratch context the
// worker hands to keep() is published, and the worker's write after that
// races with another thread reading it through the global.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
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

static struct params *last;
static pthread_mutex_t last_mu = PTHREAD_MUTEX_INITIALIZER;

static void keep(struct ctx *c) {
  struct params *p;
  p = &c->applied;
  pthread_mutex_lock(&last_mu);
  last = p; // the alias escapes, and with it c
  pthread_mutex_unlock(&last_mu);
}

static void *worker(void *arg) {
  struct ctx *scratch = calloc(1, sizeof *scratch);
  if (!scratch)
    return 0;
  keep(scratch);
  // CHECK-DAG: assigned-alias-escape-race.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'params::level': write in thread 'worker' conflicts with read in thread 'reader'
  scratch->applied.level = 3;
  return arg;
}

static void *reader(void *arg) {
  pthread_mutex_lock(&last_mu);
  struct params *p = last;
  pthread_mutex_unlock(&last_mu);
  // CHECK-DAG: assigned-alias-escape-race.c:[[@LINE+1]]:{{[0-9]+}}: note: conflicting read in thread 'reader', holding no lock
  return (void *)(long)(p ? p->level : 0) + (arg != 0);
}

int main(void) {
  pthread_t t, r;
  pthread_create(&t, 0, worker, 0);
  pthread_create(&r, 0, reader, 0);
  pthread_join(t, 0);
  pthread_join(r, 0);
  return 0;
}
