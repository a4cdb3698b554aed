// The synchronised variant of job-queue-field.c: the job function updates
// progress under the mutex main reads it with. It runs in the pool's thread,
// not where pool_add hands it over (main holds pmu there: a call there
// would be a double lock of pmu).
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

typedef void (*job_fn)(void *);
typedef struct {
  job_fn function;
  void *opaque;
} job_t;

static job_t queue[16];
static int head, tail;
static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pmu = PTHREAD_MUTEX_INITIALIZER;
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
  job_t job;
  job.function = function;
  job.opaque = opaque;
  pthread_mutex_lock(&qmu);
  queue[tail++ % 16] = job;
  pthread_cond_signal(&qcv);
  pthread_mutex_unlock(&qmu);
}

static void compress_job(void *p) {
  (void)p;
  pthread_mutex_lock(&pmu);
  progress++;
  pthread_mutex_unlock(&pmu);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, pool_thread, 0);
  pthread_mutex_lock(&pmu);
  pool_add(compress_job, 0);
  int p = progress;
  pthread_mutex_unlock(&pmu);
  return p;
}
