// A thread entry passed down through a wrapper's parameter
// (memcached's create_worker(fn, arg), yarn's launch(fn, arg)) starts a thread
// of that function: its code runs in that thread, not in the caller's.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int served;

// Two workers started through the wrapper race with each other.
// CHECK: thread-through-parameter.c:[[@LINE+4]]:5: warning: data race on 'served': write in thread 'worker' conflicts with write in another instance of thread 'worker'
static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; ++i)
    served++;
  return 0;
}

static void create_worker(void *(*fn)(void *), void *arg) {
  pthread_t t;
  pthread_create(&t, 0, fn, arg);
}

int main(void) {
  for (int i = 0; i < 2; ++i)
    create_worker(worker, 0);
  return 0;
}
