// The thread a helper creates keeps running after the helper returns: a
// write after the call races with it, and so does a write before the call
// when the helper runs twice (the first call's thread is still running).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int setting;
int slots;
static pthread_t bg_tid, pool_tid[2];

static void *bg(void *arg) {
  (void)arg;
  return (void *)(long)setting;
}

static void *pool_worker(void *arg) {
  (void)arg;
  return (void *)(long)slots;
}

static void start_bg(void) { pthread_create(&bg_tid, 0, bg, 0); }

static void add_worker(int i) {
  // The second call's write runs while the first call's worker reads: the
  // chain shown is that call's (the first call's write races with nothing).
  // CHECK: create-in-helper-running.c:[[@LINE+3]]:3: warning: data race on 'slots': write in thread 'main' conflicts with read in thread 'pool_worker'
  // CHECK-NEXT: create-in-helper-running.c:[[@LINE+13]]:3: note: called from 'main'
  // CHECK-NEXT: create-in-helper-running.c:18:24: note: conflicting read in thread 'pool_worker', holding no lock
  slots = i + 1;
  pthread_create(&pool_tid[i], 0, pool_worker, 0);
}

int main(void) {
  setting = 1;
  start_bg();
  // CHECK: create-in-helper-running.c:[[@LINE+2]]:3: warning: data race on 'setting': write in thread 'main' conflicts with read in thread 'bg'
  // CHECK-NEXT: create-in-helper-running.c:13:24: note: conflicting read in thread 'bg', holding no lock
  setting = 2;
  add_worker(0);
  add_worker(1);
  pthread_join(bg_tid, 0);
  pthread_join(pool_tid[0], 0);
  pthread_join(pool_tid[1], 0);
  return 0;
}
