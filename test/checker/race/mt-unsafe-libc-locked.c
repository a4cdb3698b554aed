// The same calls serialised by a lock, and the reentrant variants: no race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg) {
  char *s = arg, *save;
  pthread_mutex_lock(&mu);
  int r = rand();
  pthread_mutex_unlock(&mu);
  strtok_r(s, ",", &save);
  return (void *)(long)r;
}

int main(void) {
  char a[] = "x,y", b[] = "z,w";
  pthread_t t, u;
  pthread_create(&t, 0, worker, a);
  pthread_create(&u, 0, worker, b);
  pthread_join(t, 0);
  pthread_join(u, 0);
  return 0;
}
