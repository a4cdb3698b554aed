// A function-local static is shared by every call.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static int next_id(void) {
  static int id;
  // CHECK: function-static.c:[[@LINE+1]]:12: warning: data race on 'next_id()::id'
  return ++id;
}

void *worker(void *arg) {
  (void)arg;
  next_id();
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
