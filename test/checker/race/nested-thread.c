// A thread started and joined inside another thread ends with it: main's
// accesses after joining the outer thread are ordered after both.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int g, h;

void *inner(void *arg) { (void)arg; g++; return 0; }

void *outer(void *arg) {
  (void)arg;
  h++;
  pthread_t t;
  pthread_create(&t, 0, inner, 0);
  pthread_join(t, 0);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, outer, 0);
  pthread_join(t, 0);
  g++;
  h++;
  return 0;
}
