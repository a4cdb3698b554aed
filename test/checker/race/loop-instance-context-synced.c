// As loop-instance-context.c, with a lock in each worker's context: an IO
// thread hands results back to a worker under its context's lock
// ('threads[i].lock', memcached's LIBEVENT_THREAD::ion_lock). The class is
// shared between threads, but each worker is still handed a context of its
// own and runs its loop on it: what the worker's loop reaches of its own
// instance class ('c->owner->pending', 'me->rounds') is its own, a
// per-thread slot. Still reported:
//   -DTABLE:  the IO thread reads a worker's 'pending' through the global
//             table, with no lock;
//   -DSHARED: the callbacks of every worker write one shared 'stats' object
//             (a class with a lock, not the instance class) through their
//             connection without its lock.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys -DTABLE | FileCheck %s --check-prefix=TABLE
// TABLE: warning: data race on 'threads.pending'
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys -DSHARED | FileCheck %s --check-prefix=SHARED
// SHARED: warning: data race on 'stats::hits'
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct stats {
  pthread_mutex_t mu;
  long hits;
  long misses;
};

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  int notify_fd;
  pthread_mutex_t lock; // guards results
  int results;
  int pending;
  int rounds;
};

struct conn {
  struct event ev;
  struct worker *owner;
  struct stats *stats;
  int bytes;
};

static struct worker threads[4];
static struct stats global_stats = {PTHREAD_MUTEX_INITIALIZER, 0};
static long peek;

static void flush(struct worker *w) {
  if (w->pending > 8)
    w->pending = 0;
}

static void conn_handler(int fd, short which, void *arg) {
  struct conn *c = arg;
  (void)fd; (void)which;
  c->bytes++;
  c->owner->pending++;
  flush(c->owner);
  pthread_mutex_lock(&c->owner->lock);
  c->owner->results--;
  pthread_mutex_unlock(&c->owner->lock);
  pthread_mutex_lock(&c->stats->mu);
#ifndef SHARED
  c->stats->hits++;
#endif
  c->stats->misses++;
  pthread_mutex_unlock(&c->stats->mu);
#ifdef SHARED
  c->stats->hits++;
#endif
}

static void notify_cb(int fd, short which, void *arg) {
  struct worker *me = arg;
  int sfd = 0;
  (void)which;
  if (read(fd, &sfd, sizeof sfd) != sizeof sfd)
    return;
  struct conn *c = calloc(1, sizeof *c);
  c->owner = me;
  c->stats = &global_stats;
  event_set(&c->ev, sfd, 0, conn_handler, c);
  event_base_set(me->base, &c->ev);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  me->pending = 0;
  for (;;) {
    event_base_loop(me->base, 1);
    flush(me);
    me->rounds++;
  }
  return 0;
}

static void *io_main(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; i++) {
    pthread_mutex_lock(&threads[i].lock);
    threads[i].results++;
    pthread_mutex_unlock(&threads[i].lock);
#ifdef TABLE
    peek += threads[i].pending;
#endif
  }
  return 0;
}

int main(void) {
  pthread_t io;
  for (int i = 0; i < 4; i++) {
    threads[i].base = event_base_new();
    pthread_mutex_init(&threads[i].lock, 0);
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
  }
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  pthread_create(&io, 0, io_main, 0);
  pthread_join(io, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i].tid, 0);
  return (int)peek;
}
