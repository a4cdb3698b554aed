// Loop confinement keeps the races on objects that are not confined to one
// loop: a scan of the global table 'conns' from another thread reaches every
// connection (stats_thread's read of 'nread'), one global object registered
// with both bases through a helper is handed to both loops (ctl), and so is
// a global given directly as the callback's argument (gauge). The
// connections each loop was handed ('conn::state') are still not paired.
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event tick;
};

struct conn {
  struct event ev;
  int state;
  long nread;
};

struct control {
  struct event ev;
  int polls;
};

struct meter {
  long count;
};

static struct event_base *main_base;
static struct worker the_worker;
static struct conn *conns[64]; // every conn, by descriptor
static struct control ctl;     // one object, watched by both loops
static struct meter gauge;     // one object, the argument of both loops' ticks
static struct event main_tick;

// CHECK-DAG: loop-confined-objects-race.c:[[@LINE+3]]:6: warning: data race on 'conn::nread': write in thread 'main' conflicts with read in thread 'stats_thread'
static void handle(struct conn *c) {
  c->state = 1;
  c->nread++;
}

static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  struct conn *c = arg;
  handle(c);
}

// CHECK-DAG: loop-confined-objects-race.c:[[@LINE+3]]:3: warning: data race on 'conns[]': write in thread 'worker_main' conflicts with read in thread 'stats_thread'
static struct conn *conn_new(int fd, struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  conns[fd] = c;
  event_set(&c->ev, fd, 0, conn_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

// CHECK-DAG: loop-confined-objects-race.c:[[@LINE+4]]:6: warning: data race on 'control::polls': write in thread 'main' conflicts with write in thread 'worker_main'
static void ctl_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  struct control *k = arg;
  k->polls++;
}

static void watch(struct control *k, struct event_base *base) {
  event_set(&k->ev, 0, 0, ctl_handler, k);
  event_base_set(base, &k->ev);
}

// CHECK-DAG: loop-confined-objects-race.c:[[@LINE+4]]:6: warning: data race on 'meter::count': write in thread 'main' conflicts with write in thread 'worker_main'
static void tick_handler(int fd, short which, void *arg) {
  (void)fd; (void)which;
  struct meter *m = arg;
  m->count++;
}

static void *stats_thread(void *arg) {
  long total = 0;
  (void)arg;
  for (int i = 0; i < 64; i++)
    if (conns[i])
      total += conns[i]->nread;
  return (void *)total;
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  conn_new(5, me->base);
  watch(&ctl, me->base);
  event_set(&me->tick, -1, 0, tick_handler, &gauge);
  event_base_set(me->base, &me->tick);
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  pthread_t stats;
  main_base = event_base_new();
  the_worker.base = event_base_new();
  conn_new(3, main_base);
  watch(&ctl, main_base);
  event_set(&main_tick, -1, 0, tick_handler, &gauge);
  event_base_set(main_base, &main_tick);
  pthread_create(&the_worker.tid, 0, worker_main, &the_worker);
  pthread_create(&stats, 0, stats_thread, 0);
  event_base_loop(main_base, 0);
  pthread_join(stats, 0);
  pthread_join(the_worker.tid, 0);
  return 0;
}
