// Objects confined to one event loop: main's loop runs conn_handler on the
// connection main registered with main_base, the worker's loop on the one
// the worker registered with its own base. The two loops hand their
// callbacks different objects of 'struct conn' (an object is registered with
// one base at a time), so 'conn::state' and 'conn::nread' written in both
// threads are not a race, although every conn is also kept in the global
// table 'conns' (docs/checks/race.md, "loop confinement").
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
};

struct conn {
  struct event ev;
  int state;
  long nread;
};

static struct event_base *main_base;
static struct worker the_worker;
static struct conn *conns[64]; // every conn, by descriptor

static void handle(struct conn *c) {
  c->state = 1;
  c->nread++;
}

static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  struct conn *c = arg;
  handle(c);
}

static struct conn *conn_new(int fd, struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  conns[fd] = c;
  event_set(&c->ev, fd, 0, conn_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  conn_new(5, me->base);
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  the_worker.base = event_base_new();
  conn_new(3, main_base);
  pthread_create(&the_worker.tid, 0, worker_main, &the_worker);
  event_base_loop(main_base, 0);
  pthread_join(the_worker.tid, 0);
  return 0;
}
