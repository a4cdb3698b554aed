// A spawn loop sets up the element it hands each thread before creating it
// (memcached's extstore_init: 'e->io_threads[i].e = e; pthread_create(..,
// &e->io_threads[i])'). The thread of that iteration starts after the write and
// earlier threads were handed other elements, so a thread reading its own
// element through its argument (also in a helper) does not race with the
// set-up, though the element's class is shared (a monitor thread is handed
// the engine, which reaches all of them). Likewise for an element allocated
// for one more thread after the loop ('e->bg = calloc(..); e->bg->e = e;').
// Still races: a write after the spawn ('late'), and a thread reaching another
// element through the engine ('depth' read as e->io[0].depth).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct engine;
struct io_thread {
  struct engine *e;
  int depth;
  int late;
};
struct engine {
  int id;
  struct io_thread *io;
  struct io_thread *bg;
};

static int engine_of(struct io_thread *me) { return me->e->id; }

static void *io_main(void *arg) {
  struct io_thread *me = arg;
  int n = engine_of(me) + me->depth;
  n += me->e->io[0].depth;
  return me->late ? (void *)(long)n : 0;
}

static struct engine *g_engine;

static void *monitor(void *arg) {
  struct engine *e = arg;
  return (void *)(long)e->io[1].depth;
}

static struct engine *engine_start(int n) {
  struct engine *e = calloc(1, sizeof *e);
  pthread_t t;
  e->io = calloc(n, sizeof *e->io);
  for (int i = 0; i < n; i++) {
    e->io[i].e = e;
    e->io[i].depth = 4;
    pthread_create(&t, 0, io_main, &e->io[i]);
    e->io[i].late = 1;
  }
  // The background thread's element is allocated after the loop's threads
  // started: none of them was handed it.
  e->bg = calloc(1, sizeof *e->bg);
  e->bg->e = e;
  pthread_create(&t, 0, io_main, e->bg);
  g_engine = e;
  pthread_create(&t, 0, monitor, g_engine);
  return e;
}

int main(void) {
  return engine_start(4) != 0;
}

// The set-up of 'e' (before the spawn, read through the argument in
// engine_of and io_main) is silent; 'depth' is reported for the read through
// the engine, not for 'me->depth'.
// CHECK: slot-set-up-before-spawn.c:49:14: warning: data race on 'io_thread::depth': write in thread 'main' conflicts with read in thread 'io_main'
// CHECK: slot-set-up-before-spawn.c:32:21: note: conflicting read in thread 'io_main', holding no lock
// CHECK: slot-set-up-before-spawn.c:51:14: warning: data race on 'io_thread::late': write in thread 'main' conflicts with read in thread 'io_main'
// CHECK: slot-set-up-before-spawn.c:33:14: note: conflicting read in thread 'io_main', holding no lock
