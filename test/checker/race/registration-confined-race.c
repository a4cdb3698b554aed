// Registration confinement keeps the races on objects it cannot tie to one
// loop: a thread that scans the table 'conns' (stats_main reading
// 'conn::limit') meets every connection; a helper registering with a base
// both callers name the same way (both pass the global 'shared_base') gives
// no two objects; a local reassigned after the registration ('c =
// conns[fd + 1]; c->mode') may name any connection; and a helper whose
// callers pass different bases on one thread's paths (open_any) has no
// single base. The setup writes of conn_open by main and by the worker
// ('conn::mode' there) are still not paired.
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
};

struct conn {
  struct event ev;
  int mode;
  long limit;
};

struct peer {
  struct event ev;
  int up;
};

struct link {
  struct event ev;
  int hops;
};

struct pipe {
  struct event ev;
  int open;
};

static struct event_base *main_base, *shared_base;
static struct worker the_worker;
static pthread_t stats_tid;
static struct conn *conns[64];
static struct link *links[64];
static struct peer *peers[64];
static struct pipe *pipes[64];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
}

static void conn_open(int fd, struct event_base *base) {
  pthread_mutex_lock(&table_lock);
  struct conn *c = conns[fd];
  if (c == NULL) {
    c = calloc(1, sizeof *c);
    // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'conns[]'
    conns[fd] = c;
  }
  pthread_mutex_unlock(&table_lock);
  c->mode = 1;
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'conn::limit'
  c->limit = 100;
  event_set(&c->ev, fd, 0, conn_handler, (void *)c);
  event_base_set(base, &c->ev);
}

static void peer_open(int fd, struct event_base *base) {
  struct peer *p = peers[fd];
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'peer::up'
  p->up = 1;
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'peer::ev'
  event_set(&p->ev, fd, 0, conn_handler, (void *)p);
  event_base_set(base, &p->ev);
}

static void link_open(int fd, struct event_base *base) {
  struct link *l = links[fd];
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'link::ev'
  event_set(&l->ev, fd, 0, conn_handler, (void *)l);
  event_base_set(base, &l->ev);
  l = links[fd + 1];
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'link::hops'
  l->hops++;
}

static void open_any(int fd, struct event_base *base) {
  struct pipe *p = pipes[fd];
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'pipe::open'
  p->open = 1;
  // CHECK-DAG: [[@LINE+1]]:{{[0-9]+}}: warning: data race on 'pipe::ev'
  event_set(&p->ev, fd, 0, conn_handler, (void *)p);
  event_base_set(base, &p->ev);
}

static void *stats_main(void *arg) {
  (void)arg;
  for (int i = 0; i < 64; i++)
    if (conns[i])
      total += conns[i]->limit;
  return 0;
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  conn_open(5, me->base);
  peer_open(6, shared_base);
  link_open(7, me->base);
  open_any(8, me->base);
  open_any(9, shared_base);
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  shared_base = event_base_new();
  the_worker.base = event_base_new();
  pthread_create(&the_worker.tid, 0, worker_main, &the_worker);
  pthread_create(&stats_tid, 0, stats_main, 0);
  conn_open(3, main_base);
  peer_open(4, shared_base);
  link_open(10, main_base);
  open_any(11, main_base);
  event_base_loop(main_base, 0);
  pthread_join(the_worker.tid, 0);
  pthread_join(stats_tid, 0);
  return 0;
}
