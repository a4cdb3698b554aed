// A local whose address a callee hands to a thread is shared with that
// thread: the write after the call races with the thread's read. A local
// whose address only goes to a helper that keeps nothing stays private.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static void put(int *v) { *v = 3; }
static int scratch(void) {
  int v;
  put(&v);
  return v;
}

static void *reader(void *arg) {
  int *p = arg;
  return (void *)(long)(*p + scratch());
}

static void start_reader(int *p, pthread_t *t) { pthread_create(t, 0, reader, p); }

static int compute(void) {
  int len = 1;
  pthread_t t;
  start_reader(&len, &t);
  // CHECK: local-escapes-to-thread.c:[[@LINE+2]]:3: warning: data race on 'len': write in thread 'main' conflicts with read in thread 'reader'
  // CHECK: local-escapes-to-thread.c:16:25: note: conflicting read in thread 'reader', holding no lock
  len = 2;
  len += scratch();
  pthread_join(t, 0);
  return len;
}

int main(void) { return compute(); }
