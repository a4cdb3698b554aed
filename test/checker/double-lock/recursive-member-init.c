// A struct whose mutex member is statically initialised recursive: locking the
// member twice, by name or through a local pointer to it, is allowed.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#define _GNU_SOURCE
#include <pthread.h>

struct guarded {
  pthread_mutex_t m;
};

struct guarded rec = {PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP};
int g;

void twice(void) {
  pthread_mutex_lock(&rec.m);
  pthread_mutex_lock(&rec.m);
  g++;
  pthread_mutex_unlock(&rec.m);
  pthread_mutex_unlock(&rec.m);
}

int main(void) {
  twice();
  return g;
}
