// A callback registered in a member (ops.tick = f) by one thread and called
// through it by others runs in the callers' threads.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int total;

struct ops {
  void (*tick)(void);
};
static struct ops ops;

static void set_tick(void (*f)(void)) { ops.tick = f; }

// CHECK: callback-through-parameter.c:[[@LINE+1]]:26: warning: data race on 'total': write in thread 'worker' conflicts with write in another instance of thread 'worker'
static void bump(void) { total++; }

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; ++i)
    ops.tick();
  return 0;
}

int main(void) {
  pthread_t t[2];
  set_tick(bump); // stores it: not a call of bump in main
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return 0;
}
