// A once-wrapper ('uv_once(guard, cb)' around pthread_once) runs, at each of
// its calls, the callback that call passes: the worker's uv_once(&tmp_once,
// init_tmp) does not run init_pool, so init_pool's writes happen in main,
// before the worker exists. init_tmp, which the worker does run, races with
// main's read.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static pthread_once_t pool_once = PTHREAD_ONCE_INIT, tmp_once = PTHREAD_ONCE_INIT;
static pthread_t tid;
static int nthreads;
static int tmp_seed;

static void my_once(pthread_once_t *guard, void (*cb)(void)) { pthread_once(guard, cb); }

// CHECK: once-wrapper-per-site.c:[[@LINE+1]]:30: warning: data race on 'tmp_seed': write in thread 'worker' conflicts with read in thread 'main'
static void init_tmp(void) { tmp_seed = 7; }

static void *worker(void *arg) {
  (void)arg;
  my_once(&tmp_once, init_tmp);
  return (void *)(long)nthreads;
}

static void init_pool(void) {
  nthreads = 1; // before the worker is created: silent
  pthread_create(&tid, 0, worker, 0);
}

int main(void) {
  my_once(&pool_once, init_pool);
  int seed = tmp_seed; // the worker may be running init_tmp
  pthread_join(tid, 0);
  return seed;
}
