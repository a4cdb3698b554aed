// Loop-context confinement of derived objects (loop-context-derived.c) keeps
// the races that follow: a timeout thread (no loop) reads every connection's
// response through the table ('conns[i]->resp->tosend'); a stats callback in
// a worker's loop reads responses it found through the table ('sr =
// conns[i]->resp'), which is no object its loop handed it; a response local
// that is also given a global response ('q = c->resp; if (..) q = spare;')
// may be that shared one; and 'struct hits', reached through the response
// ('c->resp->hits') and carrying a lock, is shared by its class whatever
// loop touches it.
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

struct resp {
  int tosend;
  int skip;
  long sent;
  struct hits *hits;
};

struct conn {
  struct event ev;
  struct resp *resp;
};

static struct event_base *main_base;
static struct worker threads[4];
static struct conn *conns[64];
static struct resp *spare;
static int use_spare;

// CHECK-DAG: warning: data race on 'resp::tosend': write in thread 'main' conflicts with read in thread 'timeout_main'
// CHECK-DAG: warning: data race on 'resp::sent': write in thread 'main' conflicts with read in thread 'worker_main'
// CHECK-DAG: warning: data race on 'resp::skip': write in thread 'main' conflicts with write in thread 'worker_main'
// CHECK-DAG: warning: data race on 'hits::n': write in thread 'main' conflicts with write in thread 'worker_main'
static void handle(struct conn *c) {
  struct resp *r = c->resp;
  r->tosend = 1;
  r->sent++;
  c->resp->hits->n++;
  struct resp *q = c->resp;
  if (use_spare)
    q = spare;
  q->skip++;
}

static void reset_hits(struct hits *h) {
  pthread_mutex_lock(&h->mu);
  h->n = 0;
  pthread_mutex_unlock(&h->mu);
}

static void conn_close_idle(struct conn *c) {
  handle(c);
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

static void notify_cb(int fd, short which, void *arg) {
  int sfd = 0;
  (void)which; (void)arg;
  if (read(fd, &sfd, sizeof sfd) == sizeof sfd)
    conn_close_idle(conns[sfd]);
}

// 'stats' on a worker: every connection's response, through the table.
static void stats_cb(int fd, short which, void *arg) {
  long total = 0;
  (void)fd; (void)which; (void)arg;
  for (int i = 0; i < 64; i++) {
    struct resp *sr = conns[i] ? conns[i]->resp : NULL;
    if (sr)
      total += sr->sent;
  }
  (void)total;
}

static void *timeout_main(void *arg) {
  (void)arg;
  for (;;)
    for (int i = 0; i < 64; i++)
      if (conns[i] && conns[i]->resp->tosend == 1)
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
  l->resp = calloc(1, sizeof *l->resp);
  l->resp->hits = calloc(1, sizeof *l->resp->hits);
  reset_hits(l->resp->hits);
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
