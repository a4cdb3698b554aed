// pthread_atfork registers handlers that run inside fork() (the child's in the
// child process, which has one thread): registering one runs nothing, so the
// worker does not write 'generation' through child_reset. The worker's own
// write of 'registered' races with main's read.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static int generation;
static int registered;

static void child_reset(void) { generation = 0; }

static void *worker(void *arg) {
  (void)arg;
  pthread_atfork(0, 0, child_reset);
  // CHECK: atfork-handler.c:[[@LINE+1]]:3: warning: data race on 'registered': write in thread 'worker' conflicts with read in thread 'main'
  registered = 1;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  generation++;
  int r = registered;
  pthread_join(t, 0);
  return r + generation;
}
