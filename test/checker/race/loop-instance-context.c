// Each worker is handed a context of its own ('&threads[i]') and runs its
// loop on a member of it ('event_base_loop(me->base, ..)'): the context is
// that loop's. The loop's callbacks find it again through their connection
// ('c->owner', set to the worker's own context when it made the
// connection), and the worker's own code between the loop's runs reaches
// it through its argument ('flush(me)', 'me->rounds++'). 'struct worker'
// carries no lock: two workers' accesses are to two contexts, so none of
// this is a race. -DTABLE (a callback reads another worker's context
// through the global table, 'threads[0].pending') is still reported.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys -DTABLE | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'threads.pending'
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  int notify_fd;
  int pending;
  int rounds;
};

struct conn {
  struct event ev;
  struct worker *owner;
  int bytes;
};

static struct worker threads[4];
static long peek;

static void flush(struct worker *w) {
  if (w->pending > 8)
    w->pending = 0;
}

static void conn_handler(int fd, short which, void *arg) {
  struct conn *c = arg;
  (void)fd; (void)which;
  c->bytes++;
  c->owner->pending++;
  flush(c->owner);
#ifdef TABLE
  peek = threads[0].pending;
#endif
}

static void notify_cb(int fd, short which, void *arg) {
  struct worker *me = arg;
  int sfd = 0;
  (void)which;
  if (read(fd, &sfd, sizeof sfd) != sizeof sfd)
    return;
  struct conn *c = calloc(1, sizeof *c);
  c->owner = me;
  event_set(&c->ev, sfd, 0, conn_handler, c);
  event_base_set(me->base, &c->ev);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  me->pending = 0;
  for (;;) {
    event_base_loop(me->base, 1);
    flush(me);
    me->rounds++;
  }
  return 0;
}

int main(void) {
  for (int i = 0; i < 4; i++) {
    threads[i].base = event_base_new();
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
  }
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i].tid, 0);
  return (int)peek;
}
