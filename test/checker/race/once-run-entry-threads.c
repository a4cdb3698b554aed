// What runs when a once-callback's run begins: a thread that only that run
// starts is not running yet, since it exists only after the run has begun,
// and a once-call made after the run returns without running the callback.
// So main's second submit() does not run init_pool with the pool workers
// live, and init_pool's set-up before its creations (here in a helper,
// init_sem, as libuv's uv_sem_init in init_threads) is ordered before the
// workers. A write in the run after the creations still races with them,
// and so does the thread that main starts itself before the once-call.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int sem_count;
static int nthreads;
static int started;
static int config;
static pthread_t threads[4], watcher_tid;

static void *worker(void *arg);

static void my_once(pthread_once_t *guard, void (*init)(void)) { pthread_once(guard, init); }

static void init_sem(int *s, int v) { *s = v; }

static void thread_create(pthread_t *t, void *(*fn)(void *)) { pthread_create(t, 0, fn, 0); }

static void init_pool(void) {
  nthreads = 4;
  init_sem(&sem_count, 0);
  // CHECK: once-run-entry-threads.c:[[@LINE+1]]:3: warning: data race on 'config': write in thread 'main' conflicts with read in thread 'watcher'
  config++;
  for (int i = 0; i < nthreads; i++)
    thread_create(&threads[i], worker);
  // CHECK: once-run-entry-threads.c:[[@LINE+1]]:3: warning: data race on 'started': write in thread 'main' conflicts with read in thread 'worker'
  started = 1;
}

static void submit(void) { my_once(&once, init_pool); }

static void *worker(void *arg) {
  (void)arg;
  return (void *)(long)(sem_count + nthreads + started);
}

static void *watcher(void *arg) {
  (void)arg;
  return (void *)(long)config;
}

int main(void) {
  pthread_create(&watcher_tid, 0, watcher, 0);
  submit();
  submit();
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i], 0);
  pthread_join(watcher_tid, 0);
  return 0;
}
