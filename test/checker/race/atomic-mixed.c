// An atomic increment does not protect a plain read of the same object.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int counter;

void *worker(void *arg) {
  (void)arg;
  // CHECK: atomic-mixed.c:[[@LINE+2]]:23: warning: data race on 'counter': write in thread 'worker' conflicts with read in thread 'main' [parcheck-race]
  // CHECK-NEXT: atomic-mixed.c:18:11: note: conflicting read in thread 'main', holding no lock
  __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  int v = counter;
  pthread_join(t, 0);
  return v;
}
