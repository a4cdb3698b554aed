// Callbacks run on the threads that run the loop of their base: a callback
// registered on main's base and one registered on the worker's base run at
// once, and a helper that registers on the base it is given runs its
// callback in the loop of every base passed to it (main's and the worker's).
// Callbacks of one base are not paired with another base's loop. A callback
// whose base is not known (bound to a base a local copy names, which no loop
// names) runs in every loop.
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify;
};

struct conn {
  struct event ev;
  struct event timer;
};

static struct event_base *main_base;
static struct event clockevent;
static struct conn listen_conn, worker_conn;
static struct worker the_worker;
static int ticks; // main's clock only
long stats;       // main's clock and the worker's jobs
int conns;        // conn_handler: in both loops
int rearmed;      // rearm_handler: its base is not known, so in every loop

// CHECK-DAG: event-loop-bases-race.c:[[@LINE+3]]:3: warning: data race on 'stats': write in thread 'main' conflicts with write in thread 'worker_main'
static void clock_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  stats++;
  ticks++;
}

static void job_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  stats++;
}

// CHECK-DAG: event-loop-bases-race.c:[[@LINE+3]]:3: warning: data race on 'conns': write in thread 'main' conflicts with write in thread 'worker_main'
static void conn_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  conns++;
}

// Registers on the caller's base: main's for the listening conn, the
// worker's for its own.
static void conn_new(struct conn *c, struct event_base *base) {
  event_set(&c->ev, 0, 0, conn_handler, c);
  event_base_set(base, &c->ev);
}

// CHECK-DAG: event-loop-bases-race.c:[[@LINE+3]]:3: warning: data race on 'rearmed': write in thread 'main' conflicts with write in thread 'worker_main'
static void rearm_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  rearmed++;
}

static void rearm(struct conn *c) {
  struct event_base *base = c->timer.ev_base;
  event_set(&c->timer, -1, 0, rearm_handler, c);
  event_base_set(base, &c->timer);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  event_set(&me->notify, 0, 0, job_handler, me);
  event_base_set(me->base, &me->notify);
  conn_new(&worker_conn, me->base);
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  the_worker.base = event_base_new();
  event_set(&clockevent, -1, 0, clock_handler, 0);
  event_base_set(main_base, &clockevent);
  conn_new(&listen_conn, main_base);
  rearm(&listen_conn);
  pthread_create(&the_worker.tid, 0, worker_main, &the_worker);
  ticks = 0;
  event_base_loop(main_base, 0);
  pthread_join(the_worker.tid, 0);
  return ticks;
}
