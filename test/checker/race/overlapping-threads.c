// The same two roots, both started before either is joined: they overlap.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int shared;

// CHECK: overlapping-threads.c:[[@LINE+1]]:37: warning: data race on 'shared': write in thread 'first' conflicts with write in thread 'second'
void *first(void *arg) { (void)arg; shared = 1; return 0; }
void *second(void *arg) { (void)arg; shared = 2; return 0; }

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first, 0);
  pthread_create(&b, 0, second, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return shared;
}
