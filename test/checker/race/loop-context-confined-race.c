// Loop-context confinement keeps the races of the objects it confines with
// code outside a loop and with code that finds them itself: beside
// loop-context-confined.c's workers, a timeout thread (no loop) scans the
// connection table ('conns[i]->state'), and a stats callback in a worker's
// loop reads every connection through the table ('sc = conns[i]; sc->nread'),
// which is not an object its loop handed it; 'struct hits', which carries a
// lock, is shared by its class whatever loop touches it. Only the pairs of
// two loops' own connections are gone (main against a worker).
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  struct event stats_ev;
  int notify_fd;
};

struct hits {
  pthread_mutex_t mu;
  long n;
};

struct conn {
  struct event ev;
  int state;
  long nread;
  struct hits *hits;
};

static struct event_base *main_base;
static struct worker threads[4];
static struct conn *conns[64];

static void count(struct hits *h) {
  h->n++;
}

// CHECK-DAG: warning: data race on 'conn::state': write in thread 'main' conflicts with read in thread 'timeout_main'
// CHECK-DAG: warning: data race on 'conn::nread': write in thread 'main' conflicts with read in thread 'worker_main'
// CHECK-DAG: warning: data race on 'hits::n': write in thread 'main' conflicts with write in thread 'worker_main'
static void handle(struct conn *c) {
  c->state = 1;
  c->nread++;
  count(c->hits);
}

static void reset_hits(struct hits *h) {
  pthread_mutex_lock(&h->mu);
  h->n = 0;
  pthread_mutex_unlock(&h->mu);
}

static void conn_close_idle(struct conn *c) {
  handle(c);
  c->state = 0;
}

static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  handle((struct conn *)arg);
}

static struct conn *conn_new(int fd, struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  conns[fd] = c;
  event_set(&c->ev, fd, 0, conn_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

// The worker's notify callback: a connection of its own, named by the
// descriptor its owner queued to it.
static void notify_cb(int fd, short which, void *arg) {
  int sfd = 0;
  (void)which; (void)arg;
  if (read(fd, &sfd, sizeof sfd) == sizeof sfd)
    conn_close_idle(conns[sfd]);
}

// 'stats' on a worker: every connection, through the table.
static void stats_cb(int fd, short which, void *arg) {
  long total = 0;
  (void)fd; (void)which; (void)arg;
  for (int i = 0; i < 64; i++) {
    struct conn *sc = conns[i];
    if (sc)
      total += sc->nread;
  }
  (void)total;
}

static void *timeout_main(void *arg) {
  (void)arg;
  for (;;)
    for (int i = 0; i < 64; i++)
      if (conns[i] && conns[i]->state == 1)
        usleep(1);
  return 0;
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  struct conn *l = conn_new(3, main_base);
  l->hits = calloc(1, sizeof *l->hits);
  reset_hits(l->hits);
  for (int i = 0; i < 4; i++) {
    threads[i].base = event_base_new();
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
    event_set(&threads[i].stats_ev, 0, 0, stats_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].stats_ev);
  }
  pthread_t timeout_tid;
  pthread_create(&timeout_tid, 0, timeout_main, 0);
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  event_base_loop(main_base, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i].tid, 0);
  return 0;
}
