// Loop-context confinement of derived objects (loop-context-derived.c) also
// follows a local whose values come through a call and from an allocation:
// the list walk steps with 'r = resp_finish(c, r)', a function of this TU
// whose every return is derived from its response parameter ('next =
// r->next; ...; return next;'), and the worker's open bundle is either the
// one its connection's thread holds ('b = c->th->open') or a fresh one it
// allocates and hangs there ('b = bundle_alloc(); c->th->open = b;'): a fresh
// object is nobody's until published, and it is published into what the
// connection reaches. main's loop and each worker's loop touch their own
// connections' responses and bundles, so none of this is a race.
// With -DRACE, what stays confined only where every value is the
// connection's: a step through a call whose result may be a global ('q =
// pick(c, q)', where 'pick' returns 'spare' on one path) may be that shared
// response, and a bundle local that is also given a global bundle ('b =
// c->th->open; if (!b) b = shared_bundle;') may be that one: both are races
// between main's loop and the workers'. The confined walk and the fresh
// bundle above stay silent.
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

struct bundle {
  int refcount;
  struct bundle *next;
};

struct thr {
  struct bundle *open;
};

struct resp {
  struct resp *next;
  int tosend;
  int skip;
};

struct conn {
  struct event ev;
  short which;
  struct thr *th;
  struct resp *resp_head;
};

static struct event_base *main_base;
static struct worker threads[4];
static struct conn *conns[64];

#ifdef RACE
static struct resp *spare;
static struct bundle *shared_bundle;
static int use_spare;

static struct resp *pick(struct resp *r) {
  if (use_spare)
    return spare;
  return r->next;
}

// RACE-DAG: warning: data race on 'resp::skip': write in thread 'main' conflicts with write in thread 'worker_main'
static void walk_shared(struct conn *c) {
  for (struct resp *q = c->resp_head; q; q = pick(q))
    q->skip++;
}

// RACE-DAG: warning: data race on 'bundle::refcount': write in thread 'main' conflicts with write in thread 'worker_main'
static void take_shared(struct conn *c) {
  struct bundle *b = c->th->open;
  if (b == NULL)
    b = shared_bundle;
  b->refcount++;
}
#endif

static struct bundle *bundle_alloc(void) {
  return calloc(1, sizeof(struct bundle));
}

static struct resp *resp_finish(struct conn *c, struct resp *r) {
  struct resp *next = r->next;
  r->skip = 0;
  if (c->resp_head == r)
    c->resp_head = next;
  return next;
}

static void take_bundle(struct conn *c) {
  struct bundle *b = c->th->open;
  if (b == NULL) {
    b = bundle_alloc();
    c->th->open = b;
  }
  b->refcount++;
}

static void transmit(struct conn *c) {
  struct resp *r = c->resp_head;
  while (r) {
    if (r->skip) {
      r = resp_finish(c, r);
      continue;
    }
    r->tosend = 0;
    r = resp_finish(c, r);
  }
}

static void handle(struct conn *c) {
  take_bundle(c);
  transmit(c);
#ifdef RACE
  walk_shared(c);
  take_shared(c);
#endif
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
  c->th = calloc(1, sizeof *c->th);
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
