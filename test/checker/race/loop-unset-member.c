// Members a loop never sets. Each worker runs its loop on a context of its
// own and sets its connections' back pointer to it ('c->owner = me'); main
// runs the same connection code in its own loop on its listening
// connection, which no code of main gives an owner. So main's loop never
// reaches a worker's context through 'c->owner' (memcached's main runs
// drive_machine on its listeners, whose 'c->thread' is null), directly
// ('c->owner->pending++') or through a call ('bump(c->owner)'), and the
// worker's own write of its context before its loop races with nothing.
// -DMAIN_SETS: main gives its listener an owner, 'threads[0]', and its loop
// then does write that worker's context: reported.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
// The race is graded low (both sides reach the worker through the connections'
// 'owner' members, and connections are many), so it is checked with --min-confidence=low.
// RUN: not %parcheck --min-confidence=low %s -- -isystem %S/Inputs/sys -DMAIN_SETS | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'worker::{{pending|bumps}}'
// RACE: note: confidence low: the object is reached through another object's member
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  int notify_fd;
  pthread_mutex_t lock; // guards results, filled by main
  int results;
  int pending;
  int bumps;
};

struct conn {
  struct event ev;
  struct worker *owner;
  int bytes;
};

static struct worker threads[4];
static struct event_base *main_base;

static void bump(struct worker *w) { w->bumps++; }

static void conn_handler(int fd, short which, void *arg) {
  struct conn *c = arg;
  (void)fd; (void)which;
  c->bytes++;
  if (c->owner) {
    c->owner->pending++;
    bump(c->owner);
  }
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
  me->bumps = 0;
  for (;;)
    event_base_loop(me->base, 1);
  return 0;
}

int main(void) {
  for (int i = 0; i < 4; i++) {
    threads[i].base = event_base_new();
    pthread_mutex_init(&threads[i].lock, 0);
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
  }
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  for (int i = 0; i < 4; i++) {
    pthread_mutex_lock(&threads[i].lock);
    threads[i].results++;
    pthread_mutex_unlock(&threads[i].lock);
  }
  main_base = event_base_new();
  struct conn *listener = calloc(1, sizeof *listener);
#ifdef MAIN_SETS
  listener->owner = &threads[0];
#endif
  event_set(&listener->ev, 3, 0, conn_handler, listener);
  event_base_set(main_base, &listener->ev);
  event_base_loop(main_base, 0);
  return 0;
}
