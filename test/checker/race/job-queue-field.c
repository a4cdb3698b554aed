// Jobs stored as function pointers in a queue (zstd's POOL_add(ctx, fn, opaque),
// libuv's w->work(w)): the pool's worker thread calls job.function(job.opaque),
// so the job function runs in the worker, concurrently with main.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

typedef void (*job_fn)(void *);
typedef struct {
  job_fn function;
  void *opaque;
} job_t;

static job_t queue[16];
static int head, tail;
static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcv = PTHREAD_COND_INITIALIZER;
int progress;

static void *pool_thread(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&qmu);
    while (head == tail)
      pthread_cond_wait(&qcv, &qmu);
    job_t job = queue[head++ % 16];
    pthread_mutex_unlock(&qmu);
    job.function(job.opaque);
  }
  return 0;
}

static void pool_add(job_fn function, void *opaque) {
  job_t job = {function, opaque};
  pthread_mutex_lock(&qmu);
  queue[tail++ % 16] = job;
  pthread_cond_signal(&qcv);
  pthread_mutex_unlock(&qmu);
}

// CHECK: job-queue-field.c:[[@LINE+1]]:46: warning: data race on 'progress': write in thread 'pool_thread' conflicts with read in thread 'main'
static void compress_job(void *p) { (void)p; progress++; }

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, pool_thread, 0);
  pool_add(compress_job, 0);
  return progress;
}
