// A callback registered with an event bound to base B runs on the thread
// that runs the loop of B, not in every loop: main's loop on 'main_base' does
// not run the worker's callbacks (bound to its 'me->base'), and the worker's
// loop does not run main's clock. Bases are told apart by where they are
// stored (a global, a member), also through a helper's base parameter.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify;
};

static struct event_base *main_base;
static struct event clockevent;
static struct worker the_worker;
static int ticks; // main's clock: clock_handler (main's loop) and main
static int jobs;  // the worker's: job_handler (the worker's loop) and worker_main

static void clock_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  ticks++;
}

static void job_handler(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  jobs++;
}

// The base is the caller's: main passes main_base.
static void add_timer(struct event_base *base) {
  event_set(&clockevent, -1, 0, clock_handler, 0);
  event_base_set(base, &clockevent);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  jobs = 0;
  event_set(&me->notify, 0, 0, job_handler, me);
  event_base_set(me->base, &me->notify);
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  the_worker.base = event_base_new();
  add_timer(main_base);
  pthread_create(&the_worker.tid, 0, worker_main, &the_worker);
  clock_handler(0, 0, 0);
  event_base_loop(main_base, 0);
  pthread_join(the_worker.tid, 0);
  return ticks;
}
