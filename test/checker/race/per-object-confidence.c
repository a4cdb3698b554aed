// Races between objects reached only through other objects' memory are of low
// confidence, and not shown by default. main allocates each connection in its
// accept loop with a response of its own ('c->resp') and queues it; each
// worker takes connections off the queue and writes their responses with no
// lock held. The writes name the one field 'resp::len' of every response, but
// each response is read from a member of a connection, one of many, so two
// workers most likely write two responses (real servers, bench/realcode: 33
// such reports, all false). --min-confidence=low shows it, graded low.
// Shown again (medium), as a race on one object is:
//   -DONE_CONN    one connection, made once by main, queued twice;
//   -DSHARED_RESP every connection's 'resp' is the one global response;
//   -DLAST        the workers also write the last response served through a
//                 global pointer ('last->len'): an access the report lists
//                 reaches a global's object.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck --min-confidence=low --format=json %s -- | FileCheck %s --check-prefix=JSON
// RUN: not %parcheck %s -- -DONE_CONN | FileCheck %s --check-prefix=SHOWN
// RUN: not %parcheck %s -- -DSHARED_RESP | FileCheck %s --check-prefix=SHOWN
// RUN: not %parcheck %s -- -DLAST | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>
#include <stdlib.h>

struct resp {
  long len;
};
struct conn {
  int fd;
  struct resp *resp;
};
typedef struct conn item;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static item *queue[16];
static int queued;
#ifdef SHARED_RESP
static struct resp shared_resp;
#endif

static struct conn *conn_new(int fd) {
  struct conn *c = calloc(1, sizeof *c);
  c->fd = fd;
#ifdef SHARED_RESP
  c->resp = &shared_resp;
#else
  c->resp = calloc(1, sizeof *c->resp);
#endif
  return c;
}

static void push(item *x) {
  pthread_mutex_lock(&mu);
  queue[queued++] = x;
  pthread_mutex_unlock(&mu);
}

static item *pop(void) {
  item *x = 0;
  pthread_mutex_lock(&mu);
  if (queued > 0)
    x = queue[--queued];
  pthread_mutex_unlock(&mu);
  return x;
}

// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
// LOW: per-object-confidence.c:[[@LINE+13]]:{{[0-9]+}}: warning: data race on 'resp::len': write in thread 'serve' conflicts with write in another instance of thread 'serve'
// LOW: note: confidence low: the object is reached through another object's member or a local object (or was taken out of a container), and no side holds a lock of the object: the two sides most likely use different objects of its class
// JSON: "confidence": "low",
// SHOWN: warning: data race on 'resp::len'
// SHOWN: note: confidence medium: a member reached through a pointer stands for every object of its class
#ifdef LAST
static struct resp *last;
static void reply(struct resp *r) {
  r->len++;
  last = r;
  last->len--;
}
#else
static void reply(struct resp *r) { r->len++; }
#endif

static void *serve(void *arg) {
  (void)arg;
  item *x;
  while ((x = pop()) != 0) {
    reply(x->resp);
  }
  return 0;
}

int main(void) {
  pthread_t t[2];
#ifdef ONE_CONN
  struct conn *one = conn_new(3);
#endif
  for (int i = 0; i < 4; i++) {
#if defined(ONE_CONN)
    push(one);
#else
    push(conn_new(i + 3));
#endif
  }
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, serve, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
