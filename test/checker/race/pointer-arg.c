// A pointer to a local counter passed to the threads: the target is shared.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

void *worker(void *arg) {
  int *count = (int *)arg;
  // CHECK: pointer-arg.c:[[@LINE+1]]:4: warning: data race on 'n': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  (*count)++;
  return 0;
}

int main(void) {
  int n = 0;
  pthread_t th[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&th[i], 0, worker, &n);
  for (int i = 0; i < 2; i++)
    pthread_join(th[i], 0);
  return n;
}
