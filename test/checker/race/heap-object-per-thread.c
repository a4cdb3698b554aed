// A fresh heap object per thread, filled in before the thread starts and read
// after it was joined: no race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

void *square(void *arg) {
  long *v = arg;
  *v = *v * *v;
  return 0;
}

int main(void) {
  pthread_t t[4];
  long *vals[4];
  for (int i = 0; i < 4; i++) {
    long *v = malloc(sizeof *v);
    *v = i;
    vals[i] = v;
    pthread_create(&t[i], 0, square, v);
  }
  long sum = 0;
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], 0);
    sum += *vals[i];
  }
  return (int)sum;
}
