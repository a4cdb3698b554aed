// The minimal false alarm of loop-context confinement (memcached's workers):
// main's loop and each worker's loop run handle() on the connections they
// were handed, and a worker's notify callback also acts on a connection it
// looks up in the global table by the descriptor queued to it
// ('conn_close_idle(conns[fd])'), so parameter-based loop confinement cannot
// name the object. 'struct conn' carries no lock and is never accessed
// atomically, and handle() runs only inside loop callbacks: main's loop and
// each worker's loop (on 'me->base' of the worker's own '&threads[i]') touch
// different connections, so 'conn::state' and 'conn::nread' are not a race.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
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
  c->state = 1;
  c->nread++;
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

static void *worker_main(void *arg) {
  struct worker *me = arg;
  event_base_loop(me->base, 0);
  return 0;
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
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i].tid, 0);
  return 0;
}
