// A thread-start helper allocates a fresh argument for each thread and fills it
// in before pthread_create: no race with the thread, nor between threads.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct capsule {
  void (*probe)(void *);
  void *payload;
};

static void *ignition(void *arg) {
  struct capsule *c = arg;
  c->probe(c->payload);
  free(c);
  return 0;
}

static pthread_t launch(void (*probe)(void *), void *payload) {
  struct capsule *c = malloc(sizeof *c);
  c->probe = probe;
  c->payload = payload;
  pthread_t t;
  pthread_create(&t, 0, ignition, c);
  return t;
}

static void work(void *p) { (void)p; }

int main(void) {
  pthread_t a = launch(work, 0);
  pthread_t b = launch(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
