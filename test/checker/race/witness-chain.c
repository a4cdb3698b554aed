// The call chain a race report shows for an access is one on which the
// other thread may be running there. 'use' runs in main before the worker
// is created (through 'setup', the first path found) and after it (through
// 'handle' -> 'serve'): only the second races, so its chain is shown. A
// thread created in the caller before the call ('restart' starts 'ticker',
// then calls 'peek') is shown from that caller.
// RUN: not %parcheck --no-caret %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int cfg;
int mode;
static pthread_t tid, tid2;

static void *worker(void *a) {
  (void)a;
  cfg = 1;
  return 0;
}

static void *ticker(void *a) {
  (void)a;
  mode = 2;
  return 0;
}

static int use(void) {
  return cfg;
}
static int setup(void) { return use(); }
static int serve(void) { return use(); }
static int handle(void) { return serve(); }

static void start_ticker(void) { pthread_create(&tid2, 0, ticker, 0); }

static int peek(void) {
  return mode;
}
static int early(void) { return peek(); }
static int restart(void) {
  start_ticker();
  return peek();
}
static int tick(void) { return restart(); }

int main(void) {
  setup();
  early();
  pthread_create(&tid, 0, worker, 0);
  handle();
  pthread_join(tid, 0);
  tick();
  pthread_join(tid2, 0);
  return 0;
}

// Lines above: 'use' reads cfg at 27, 'peek' reads mode at 36.
// CHECK: witness-chain.c:16:3: warning: data race on 'cfg': write in thread 'worker' conflicts with read in thread 'main'
// CHECK-NEXT: witness-chain.c:27:10: note: conflicting read in thread 'main', holding no lock
// CHECK-NEXT: witness-chain.c:30:33: note: called from 'serve'
// CHECK-NEXT: witness-chain.c:31:34: note: called from 'handle'
// CHECK-NEXT: witness-chain.c:49:3: note: called from 'main'
// CHECK-NEXT: witness-chain.c:48:3: note: thread 'worker' starts here; 'worker' may be running at the read in 'main' (witness-chain.c:27)
// CHECK: witness-chain.c:22:3: warning: data race on 'mode': write in thread 'ticker' conflicts with read in thread 'main'
// CHECK-NEXT: witness-chain.c:36:10: note: conflicting read in thread 'main', holding no lock
// CHECK-NEXT: witness-chain.c:41:10: note: called from 'restart'
// CHECK-NEXT: witness-chain.c:43:32: note: called from 'tick'
// CHECK-NEXT: witness-chain.c:51:3: note: called from 'main'
