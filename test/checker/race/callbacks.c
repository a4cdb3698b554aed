// A function handed to other code (a callback) or stored in a global function
// pointer may run where it is handed over or called through.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

extern void run_later(int (*cb)(void));
int glob, other;
void (*hook)(void);

// CHECK: callbacks.c:[[@LINE+1]]:18: warning: data race on 'glob'
int bump(void) { glob++; return 0; }
// CHECK: callbacks.c:[[@LINE+1]]:20: warning: data race on 'other'
void touch(void) { other = 1; }

void *worker(void *arg) {
  (void)arg;
  glob++;
  other = 2;
  return 0;
}

int main(void) {
  pthread_t t;
  hook = touch;
  pthread_create(&t, 0, worker, 0);
  run_later(bump);
  hook();
  pthread_join(t, 0);
  return 0;
}
