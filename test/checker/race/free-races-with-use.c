// free() of an object a running thread still uses.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct job { int done; };

void *worker(void *arg) {
  struct job *j = arg;
  // CHECK: free-races-with-use.c:[[@LINE+1]]:6: warning: data race on 'job::done'
  j->done = 1;
  return 0;
}

int main(void) {
  pthread_t t;
  struct job *j = malloc(sizeof *j);
  pthread_create(&t, 0, worker, j);
  free(j);
  pthread_join(t, 0);
  return 0;
}
