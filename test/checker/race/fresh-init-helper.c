// A fresh object initialised by a helper before it is published: conn_init
// writes the new conn while only main has it, so its writes do not race with
// the worker's use of the published one. main's write after publishing does.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct conn {
  int state;
  int fd;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn *conns[4];

static void conn_reset(struct conn *c) { c->state = 0; }
static void conn_init(struct conn *c, int fd) {
  c->fd = fd;
  conn_reset(c);
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  struct conn *c = conns[0];
  pthread_mutex_unlock(&mu);
  if (c)
    c->state = c->fd;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  struct conn *c = malloc(sizeof *c);
  conn_init(c, 3);
  pthread_mutex_lock(&mu);
  conns[0] = c;
  pthread_mutex_unlock(&mu);
  c->fd = 4;
  pthread_join(t, 0);
  return 0;
}
// CHECK: fresh-init-helper.c:40:6: warning: data race on 'conn::fd': write in thread 'main' conflicts with read in thread 'worker'
// CHECK: fresh-init-helper.c:28:19: note: conflicting read in thread 'worker', holding no lock
