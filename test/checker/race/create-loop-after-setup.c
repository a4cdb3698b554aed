// Threads created in a loop inside a helper: a loop written after a point
// cannot run before it, so what a setup loop before the creation loop does
// happens before every worker. A write in a loop after the creation loop
// races with the workers.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct wthread {
  int cache;
  int notify;
};
static struct wthread threads[4];
static pthread_t wtid[4];

static void *worker_loop(void *arg) {
  struct wthread *me = arg;
  return (void *)(long)(me->cache + me->notify);
}

static void setup_thread(struct wthread *t) { t->cache = 1; }

// CHECK: create-loop-after-setup.c:[[@LINE+1]]:48: warning: data race on 'wthread::notify': write in thread 'main' conflicts with read in thread 'worker_loop'
static void post_setup(struct wthread *t) { t->notify = 2; }

static void create_worker(struct wthread *t, int i) {
  pthread_create(&wtid[i], 0, worker_loop, t);
}

static void thread_init(void) {
  for (int i = 0; i < 4; i++)
    setup_thread(&threads[i]); // before any worker exists: silent
  for (int i = 0; i < 4; i++)
    create_worker(&threads[i], i);
  for (int i = 0; i < 4; i++)
    post_setup(&threads[i]); // the workers run: race
}

int main(void) {
  thread_init();
  return 0;
}
