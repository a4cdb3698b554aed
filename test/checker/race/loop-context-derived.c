// Loop-context confinement follows the objects a loop's object points to:
// beside loop-context-confined.c's workers, the connection's response
// ('c->resp', a member object) is reached through a local copied from the
// connection ('struct resp *r = c->resp'), through the chain itself
// ('c->resp->skip') and through a local walked along the list
// ('r = r->next'), and the callback takes its connection through a local
// assigned from its 'void *' argument ('c = (struct conn *)arg'). 'struct
// resp' carries no lock and is never accessed atomically, and every access is
// inside a loop callback: main's loop and each worker's loop touch the
// responses of their own connections, so none of this is a race.
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

struct resp {
  struct resp *next;
  int tosend;
  int skip;
};

struct conn {
  struct event ev;
  short which;
  struct resp *resp;
};

static struct event_base *main_base;
static struct worker threads[4];
static struct conn *conns[64];

static void handle(struct conn *c) {
  struct resp *r = c->resp;
  r->tosend = 1;
  c->resp->skip++;
  for (r = c->resp; r != NULL; r = r->next)
    r->tosend = 0;
}

static void conn_close_idle(struct conn *c) {
  handle(c);
}

static void conn_handler(int fd, short which, void *arg) {
  struct conn *c;
  (void)fd;
  c = (struct conn *)arg;
  c->which = which;
  handle(c);
}

static struct conn *conn_new(int fd, struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  c->resp = calloc(1, sizeof *c->resp);
  conns[fd] = c;
  event_set(&c->ev, fd, 0, conn_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

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
