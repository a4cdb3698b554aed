// A thread handed a pointer to a member ('&w->link') recovers the whole
// worker with container_of: the worker is shared with that thread, and
// main's write of 'count' races with the thread's (a pointer to a member of
// a fresh object publishes the object, as the pointer itself would).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

struct node {
  struct node *next;
};

struct worker {
  int count;
  struct node link;
  pthread_t tid;
};

struct stats {
  int hits;
};

static void bump(struct stats *s) { s->hits++; }

static void *run(void *arg) {
  struct worker *w = container_of((struct node *)arg, struct worker, link);
  w->count++;
  struct stats mine = {0};
  bump(&mine);
  return 0;
}

int main(void) {
  struct worker *w = calloc(1, sizeof *w);
  pthread_create(&w->tid, 0, run, &w->link);
  w->count = 5;
  struct stats s = {0};
  bump(&s);
  pthread_join(w->tid, 0);
  return 0;
}
// CHECK: container-of-thread-arg.c:30:6: warning: data race on 'worker::count': write in thread 'run' conflicts with write in thread 'main'
// CHECK: container-of-thread-arg.c:39:6: note: conflicting write in thread 'main', holding no lock
