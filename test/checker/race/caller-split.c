// A helper called by two functions with two different objects of one class
// ('uv__io_init(&loop->async_io_watcher)' before the pool's threads start,
// 'uv__io_init(&loop->signal_io_watcher)' while they run): its write is
// checked once per call (the call-site split), with the object that call
// passes and what may run there. Neither caller's run races with the worker's
// read of the async watcher: the first runs before the worker exists, the
// second writes another object. -DSAME (the late caller also writes the
// async watcher) and -DLATE (the async watcher set after the worker
// started) are still reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSAME | FileCheck %s --check-prefixes=RACE,SAME
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefixes=RACE,LATE
// RACE: warning: data race on 'io::fd'
// The chain shown goes through the caller whose run races.
// SAME: note: called from 'signal_start'
// LATE: note: called from 'async_start'
#include <pthread.h>

struct io {
  int fd;
  int events;
};

struct loop {
  int flags;
  struct io async_watcher;
  struct io signal_watcher;
};

static struct loop the_loop;

static void io_init(struct io *w, int fd) {
  w->fd = fd;
  w->events = 0;
}

static void async_start(struct loop *l) { io_init(&l->async_watcher, 3); }

static void signal_start(struct loop *l) {
#ifdef SAME
  io_init(&l->async_watcher, 4);
#else
  io_init(&l->signal_watcher, 4);
#endif
}

static void *worker(void *arg) {
  (void)arg;
  struct io *w = &the_loop.async_watcher;
  return (void *)(long)w->fd; // wakes the loop up
}

int main(void) {
  pthread_t t;
#ifndef LATE
  async_start(&the_loop);
#endif
  pthread_create(&t, 0, worker, &the_loop);
#ifdef LATE
  async_start(&the_loop);
#endif
  signal_start(&the_loop);
  pthread_join(t, 0);
  return 0;
}
