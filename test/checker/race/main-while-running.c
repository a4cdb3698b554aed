// main writes while the worker runs: a race between main and the thread.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int done;

void *worker(void *arg) {
  (void)arg;
  while (!done) {
  }
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  // CHECK: main-while-running.c:[[@LINE+2]]:3: warning: data race on 'done': write in thread 'main' conflicts with read in thread 'worker' [parcheck-race]
  // CHECK-NEXT: main-while-running.c:9:11: note: conflicting read in thread 'worker', holding no lock
  done = 1;
  pthread_join(t, 0);
  return 0;
}
