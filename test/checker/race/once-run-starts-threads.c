// A thread started inside the one run of a once-callback never runs that
// callback: its own once-call returns without it (libuv's init_once sets
// 'nthreads', then starts the pool workers, whose uv__work_submit calls
// uv_once(&once, init_once) again). So the workers do not write 'nthreads'
// in init_pool, and their reads of it are ordered after main's writes by the
// creations. 'submitted', counted by every submit() with no lock, still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int nthreads;
static pthread_t threads[4];
static long submitted;

static void *worker(void *arg);

static void my_once(pthread_once_t *guard, void (*init)(void)) { pthread_once(guard, init); }

static void init_pool(void) {
  nthreads = 4;
  for (int i = 0; i < nthreads; i++)
    pthread_create(&threads[i], 0, worker, 0);
}

static void submit(void) {
  my_once(&once, init_pool);
  // CHECK: once-run-starts-threads.c:[[@LINE+1]]:3: warning: data race on 'submitted': write in thread
  submitted++;
}

static void *worker(void *arg) {
  (void)arg;
  if (nthreads > 1)
    submit();
  return 0;
}

int main(void) {
  submit();
  for (int i = 0; i < nthreads; i++)
    pthread_join(threads[i], 0);
  return 0;
}
