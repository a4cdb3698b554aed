// Assigning a whole global struct races with a write to any of its members;
// two members of it do not race with each other (worker and other).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct config { int a; int b; };
struct config cfg;

void *worker(void *arg) {
  (void)arg;
  // CHECK: whole-struct-global.c:[[@LINE+1]]:7: warning: data race on 'cfg.a': write in thread 'worker' conflicts with write in thread 'main'
  cfg.a = 1;
  return 0;
}

void *other(void *arg) {
  (void)arg;
  // CHECK: whole-struct-global.c:[[@LINE+1]]:7: warning: data race on 'cfg.b': write in thread 'other' conflicts with write in thread 'main'
  cfg.b = 2;
  return 0;
}

int main(void) {
  pthread_t t, u;
  pthread_create(&t, 0, worker, 0);
  pthread_create(&u, 0, other, 0);
  struct config fresh = {0, 0};
  cfg = fresh;
  pthread_join(t, 0);
  pthread_join(u, 0);
  return cfg.a;
}
