// Writes before a helper's join, or after a join when the thread was started
// again, still race with the thread; the write after the last join does not.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct svc {
  pthread_t tid;
  int state;
};

int total;
int after;
static pthread_t bg_tid;

static void *serve(void *arg) {
  struct svc *s = arg;
  return (void *)(long)s->state;
}

static void *bg(void *arg) {
  (void)arg;
  return (void *)(long)(total + after);
}

static struct svc *svc_start(void) {
  struct svc *s = calloc(1, sizeof *s);
  pthread_create(&s->tid, 0, serve, s);
  return s;
}

static void svc_stop(struct svc *s) {
  // CHECK: join-in-helper-running.c:[[@LINE+2]]:6: warning: data race on 'svc::state': write in thread 'main' conflicts with read in thread 'serve'
  // CHECK: join-in-helper-running.c:18:27: note: conflicting read in thread 'serve', holding no lock
  s->state = 2; // before the join
  pthread_join(s->tid, 0);
}

static void start_bg(void) { pthread_create(&bg_tid, 0, bg, 0); }
static void stop_bg(void) { pthread_join(bg_tid, 0); }

int main(void) {
  struct svc *s = svc_start();
  svc_stop(s);
  start_bg();
  stop_bg();
  start_bg(); // started again after the join
  // CHECK: join-in-helper-running.c:[[@LINE+2]]:3: warning: data race on 'total': write in thread 'main' conflicts with read in thread 'bg'
  // CHECK: join-in-helper-running.c:23:25: note: conflicting read in thread 'bg', holding no lock
  total = 1;
  stop_bg();
  after = 3; // after the last join: no race
  return 0;
}
