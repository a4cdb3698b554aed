// A spawn argument held in a local declared outside the spawning loop (C89
// style, as c-blosc's init_threads and its posix_memalign wrapper do) and
// assigned a fresh allocation in each iteration before the spawn: each thread
// gets an object of its own, as when the local is declared inside the loop.
// What decides is the walk's must-set of fresh, unpublished locals at the
// spawn (State::Fresh), not where the local was declared.
// Default: silent (before, 'tctx::tmp' and 'tctx::size' were reported
// between two instances of 'worker').
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --check-prefix=SILENT --implicit-check-not="warning:"
// SILENT-NOT: warning:
//
// One object made before the loop goes to every thread: a race.
// RUN: not %parcheck %s -- -DBEFORE | FileCheck %s --check-prefix=RACE
// A new object only on some iterations: the others hand on the last one.
// RUN: not %parcheck %s -- -DSOMETIMES | FileCheck %s --check-prefix=RACE
// One new object per iteration, handed to two threads.
// RUN: not %parcheck %s -- -DTWICE | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'tctx::size': write in thread 'worker' conflicts with {{.*}} another instance of thread 'worker'
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct pool {
  int n;
  pthread_t threads[8];
};

struct tctx {
  struct pool *parent;
  uint8_t *tmp;
  int size;
};

static uint8_t *my_malloc(size_t size) {
  void *block = NULL;
  int res = posix_memalign(&block, 32, size);
  if (block == NULL || res != 0) {
    printf("Error allocating memory!");
    return NULL;
  }
  return (uint8_t *)block;
}

static void *worker(void *arg) {
  struct tctx *t = (struct tctx *)arg;
  for (int i = 1; i < 10; i++) {
    if (t->size < i) {
      free(t->tmp);
      t->tmp = my_malloc((size_t)i);
      t->size = i;
    }
    t->tmp[0] = 1;
  }
  return 0;
}

static int init_threads(struct pool *p, int argc) {
  struct tctx *t;
  int i;
  (void)argc;
#if defined(BEFORE)
  t = (struct tctx *)my_malloc(sizeof(struct tctx));
  t->parent = p;
  t->size = 0;
  t->tmp = NULL;
#elif defined(SOMETIMES)
  t = (struct tctx *)my_malloc(sizeof(struct tctx));
  t->size = 0;
#endif
  for (i = 0; i < p->n; i++) {
#if defined(SOMETIMES)
    if (argc > i) {
      t = (struct tctx *)my_malloc(sizeof(struct tctx));
      t->size = 0;
    }
#elif !defined(BEFORE)
    t = (struct tctx *)my_malloc(sizeof(struct tctx));
    t->parent = p;
    t->size = 0;
    t->tmp = my_malloc(1);
#endif
    if (pthread_create(&p->threads[i], NULL, worker, (void *)t))
      return -1;
#if defined(TWICE)
    if (pthread_create(&p->threads[++i], NULL, worker, (void *)t))
      return -1;
#endif
  }
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  struct pool p = {4, {0}};
  if (init_threads(&p, argc))
    return 1;
  for (int i = 0; i < p.n; i++)
    pthread_join(p.threads[i], NULL);
  return 0;
}
