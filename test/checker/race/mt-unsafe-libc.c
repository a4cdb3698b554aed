// rand() and strtok() keep hidden state: calling them from two threads races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void *worker(void *arg) {
  char *s = arg;
  // CHECK: mt-unsafe-libc.c:[[@LINE+1]]:11: warning: data race on 'rand() seed'
  int r = rand();
  // CHECK: mt-unsafe-libc.c:[[@LINE+1]]:3: warning: data race on 'strtok() position'
  strtok(s, ",");
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
