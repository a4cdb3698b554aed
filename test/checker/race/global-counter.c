// A global counter incremented by many instances of one thread root.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int counter;

void *worker(void *arg) {
  (void)arg;
  // CHECK: global-counter.c:[[@LINE+1]]:3: warning: data race on 'counter': write in thread 'worker' conflicts with write in another instance of thread 'worker' [parcheck-race]
  counter++;
  return 0;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    // CHECK: global-counter.c:[[@LINE+1]]:5: note: thread 'worker' starts here (several instances run at once)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return counter;
}
