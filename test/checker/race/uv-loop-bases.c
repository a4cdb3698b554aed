// libuv: a timer bound to a loop (uv_timer_init(loop, &t)) runs its callback
// (uv_timer_start(&t, cb, ..)) on the thread that runs that loop (uv_run),
// not where it is started: main starts the worker's timer before creating
// the worker, and the worker's loop runs it, at once with main's own timer.
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <uvloop.h>

struct worker {
  pthread_t tid;
  uv_loop_t *loop;
  uv_timer_t timer;
};

static uv_loop_t *main_loop;
static uv_timer_t clock_timer;
static struct worker the_worker;
static int ticks; // main's timer and main only
long stats;       // both timers

// CHECK: uv-loop-bases.c:[[@LINE+3]]:3: warning: data race on 'stats': write in thread 'main' conflicts with write in thread 'worker_main'
static void on_clock(uv_timer_t *t) {
  (void)t;
  stats++;
  ticks++;
}

static void on_job(uv_timer_t *t) {
  (void)t;
  stats++;
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  uv_run(me->loop, 0);
  return 0;
}

int main(void) {
  main_loop = uv_loop_new();
  the_worker.loop = uv_loop_new();
  uv_timer_init(main_loop, &clock_timer);
  uv_timer_start(&clock_timer, on_clock, 1000, 1000);
  uv_timer_init(the_worker.loop, &the_worker.timer);
  uv_timer_start(&the_worker.timer, on_job, 0, 0);
  pthread_create(&the_worker.tid, 0, worker_main, &the_worker);
  ticks = 0;
  uv_run(main_loop, 0);
  pthread_join(the_worker.tid, 0);
  return ticks;
}
