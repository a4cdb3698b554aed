// A local pointer to a global: the write through it is a write to the global.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int hits;

void *worker(void *arg) {
  (void)arg;
  int *p = &hits;
  // CHECK: local-pointer-to-global.c:[[@LINE+1]]:3: warning: data race on 'hits'
  *p = *p + 1;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  hits++;
  pthread_join(t, 0);
  return hits;
}
