// A join inside a helper ends the thread wherever the helper is called: what
// follows the call (or the join, in the helper itself) happens after the whole
// thread. The handle is a member ('s->tid') or a global, named the same in
// every function; the thread is created in another helper.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct svc {
  pthread_t tid;
  int state;
  int requests;
};

int total;
static pthread_t stats_tid;

static void *serve(void *arg) {
  struct svc *s = arg;
  s->requests++;
  s->state += total; // reads total
  return 0;
}

static void *stats(void *arg) {
  (void)arg;
  return (void *)(long)total;
}

static struct svc *svc_start(void) {
  struct svc *s = calloc(1, sizeof *s);
  pthread_create(&s->tid, 0, serve, s);
  return s;
}

static void svc_stop(struct svc *s) {
  pthread_join(s->tid, 0);
  s->state = 2; // after the join, in the joining helper
  free(s);
}

static void start_stats(void) { pthread_create(&stats_tid, 0, stats, 0); }
static void wait_stats(void) { pthread_join(stats_tid, 0); }
// Nested: shutdown -> wait_stats -> pthread_join.
static void shutdown_all(struct svc *s) {
  wait_stats();
  svc_stop(s);
}

int main(void) {
  struct svc *s = svc_start();
  start_stats();
  shutdown_all(s);
  total = 0; // after both joins, two levels down
  return 0;
}
