// The helper writes the argument after starting the thread that reads it.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct capsule {
  int ready;
};

static void *ignition(void *arg) {
  struct capsule *c = arg;
  return (void *)(long)c->ready;
}

static pthread_t launch(void) {
  struct capsule *c = malloc(sizeof *c);
  pthread_t t;
  pthread_create(&t, 0, ignition, c);
  // CHECK: fresh-object-written-after-start.c:[[@LINE+3]]:6: warning: data race on 'capsule::ready': write in thread 'main' conflicts with read in thread 'ignition'
  // CHECK-NEXT: fresh-object-written-after-start.c:[[@LINE+7]]:17: note: called from 'main'
  // CHECK-NEXT: fresh-object-written-after-start.c:12:27: note: conflicting read in thread 'ignition', holding no lock
  c->ready = 1;
  return t;
}

int main(void) {
  pthread_t a = launch();
  pthread_join(a, 0);
  return 0;
}
