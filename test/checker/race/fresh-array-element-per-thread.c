// Per-thread argument blocks kept in an array of pointers: each iteration
// of the spawning loop allocates its element ('as[i] = malloc(..)') and
// hands it to the thread it creates, so each thread has its own block, and
// what the loop wrote into it before the creation happens before the thread.
// Still races:
//   -DONE    every element is the one block allocated before the loop;
//   -DAFTER  main writes the block after creating its thread.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DONE | FileCheck %s --check-prefix=ONE
// RUN: not %parcheck %s -- -DAFTER | FileCheck %s --check-prefix=AFTER
// SAFE-NOT: warning:
#include <pthread.h>
#include <stdlib.h>

struct arg {
  int id;
  long res;
};

static void *worker(void *p) {
  struct arg *a = p;
  // ONE: fresh-array-element-per-thread.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'arg::res': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  a->res = a->id * 2;
  return 0;
}

int main(void) {
  pthread_t t[4];
  struct arg *as[4];
#ifdef ONE
  struct arg *one = malloc(sizeof *one);
#endif
  for (int i = 0; i < 4; i++) {
#ifdef ONE
    as[i] = one;
#else
    as[i] = malloc(sizeof *as[i]);
#endif
#ifndef AFTER
    as[i]->id = i;
#endif
    pthread_create(&t[i], 0, worker, as[i]);
#ifdef AFTER
    // AFTER: fresh-array-element-per-thread.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'arg::id': write in thread 'main' conflicts with read in thread 'worker'
    as[i]->id = i;
#endif
  }
  long s = 0;
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], 0);
    s += as[i]->res;
  }
#ifdef ONE
  free(one);
#else
  for (int i = 0; i < 4; i++)
    free(as[i]);
#endif
  return (int)s;
}
