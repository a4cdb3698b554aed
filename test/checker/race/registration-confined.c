// Registration confinement: conn_open takes a connection from the table
// 'conns' (or allocates one), sets it up through its local 'c' and
// registers it with an event on the base its caller passes. main opens its
// listening connection on main_base, each worker its client connection on
// its own base (the element of 'workers' it is handed): the writes of
// 'conn::mode' and 'conn::limit' in conn_open (and the loops' callbacks'
// accesses) are to different objects, one per loop, although every conn is
// also kept in the global table (docs/checks/race.md, "registration
// confinement").
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
  int fd;
  int mode;
  long limit;
};

static struct event_base *main_base;
static struct worker workers[2];
static struct conn *conns[64]; // every conn, by descriptor
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;

static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  struct conn *c = arg;
  c->mode = 2;
  c->limit--;
}

static struct conn *conn_open(int fd, int mode, struct event_base *base) {
  pthread_mutex_lock(&conns_lock);
  struct conn *c = conns[fd];
  if (c == NULL) {
    c = calloc(1, sizeof *c);
    c->fd = fd;
    conns[fd] = c;
  }
  pthread_mutex_unlock(&conns_lock);
  c->mode = mode;
  c->limit = 100;
  event_set(&c->ev, fd, 0, conn_handler, (void *)c);
  event_base_set(base, &c->ev);
  return c;
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  conn_open(5, 1, me->base);
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  for (int i = 0; i < 2; i++) {
    workers[i].base = event_base_new();
    pthread_create(&workers[i].tid, 0, worker_main, &workers[i]);
  }
  conn_open(3, 0, main_base);
  event_base_loop(main_base, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(workers[i].tid, 0);
  return 0;
}
