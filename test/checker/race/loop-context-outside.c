// Loop context per call path: main's loop runs handle() on its own
// connections (conn_handler, a callback of its loop on main_base), and main
// also walks the connection table after its loop, once every worker is
// joined ('conn_close_all', memcached's shutdown walk). handle() is then
// reached by main both inside its loop and outside it. Each access is checked
// twice: on the loop's paths, as an object of main_base's loop (not a
// worker's connection), and on the paths outside the loop with no loop
// object but with what runs there: no worker is running after the joins. So
// 'conn::state' and 'conn::nread' are not a race between main and a worker.
// With -DRACE, the same walk runs before the joins, while the workers' loops
// may still run: reported, on the walk's call chain (main -> conn_close_all).
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --check-prefix=SAFE --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys -DRACE | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// SAFE-NOT: warning:
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  int notify_fd;
};

struct conn {
  struct event ev;
  int state;
  long nread;
};

static struct event_base *main_base;
static struct worker threads[4];
static struct conn *conns[64];

static void handle(struct conn *c) {
  // RACE: :[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'conn::state': write in thread 'main' conflicts with write in thread 'worker_main'
  // RACE: note: called from 'conn_close_all'
  c->state = 1;
  // RACE: :[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'conn::nread': write in thread 'main' conflicts with write in thread 'worker_main'
  c->nread++;
}

static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  handle((struct conn *)arg);
}

static struct conn *conn_new(int fd, struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  // RACE: :[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'conns[]': write in thread 'worker_main' conflicts with read in thread 'main'
  conns[fd] = c;
  event_set(&c->ev, fd, 0, conn_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

// A worker's notify callback: a new connection of its own loop.
static void notify_cb(int fd, short which, void *arg) {
  struct worker *me = arg;
  int sfd = 0;
  (void)which;
  if (read(fd, &sfd, sizeof sfd) == sizeof sfd)
    conn_new(sfd, me->base);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  event_base_loop(me->base, 0);
  return 0;
}

static void conn_close_all(void) {
  for (int i = 0; i < 64; i++)
    if (conns[i])
      handle(conns[i]);
}

int main(void) {
  main_base = event_base_new();
  conn_new(3, main_base);
  for (int i = 0; i < 4; i++) {
    threads[i].base = event_base_new();
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
  }
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  event_base_loop(main_base, 0);
#ifdef RACE
  conn_close_all();
#endif
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i].tid, 0);
#ifndef RACE
  conn_close_all();
#endif
  return 0;
}
