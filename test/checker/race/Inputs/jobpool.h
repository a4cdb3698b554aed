// A job pool for the job hand-off tests (job-dispatch-*.c): pool_create
// starts four pool_thread workers that run the jobs pool_add queues, through
// the job's function value; pool_free joins them.
#include <pthread.h>
#include <stdlib.h>

typedef void (*job_fn)(void *);
struct job {
  job_fn fn;
  void *arg;
};
struct pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct job queue[8];
  int head, tail, shutdown;
  pthread_t threads[4];
};

static void *pool_thread(void *opaque) {
  struct pool *p = opaque;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (p->head == p->tail && !p->shutdown)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->head == p->tail) {
      pthread_mutex_unlock(&p->mu);
      return 0;
    }
    struct job j = p->queue[p->head++ % 8];
    pthread_mutex_unlock(&p->mu);
    j.fn(j.arg);
  }
}

static struct pool *pool_create(void) {
  struct pool *p = calloc(1, sizeof *p);
  pthread_mutex_init(&p->mu, 0);
  pthread_cond_init(&p->cv, 0);
  for (int i = 0; i < 4; i++)
    pthread_create(&p->threads[i], 0, pool_thread, p);
  return p;
}

static void pool_add(struct pool *p, job_fn fn, void *arg) {
  pthread_mutex_lock(&p->mu);
  p->queue[p->tail % 8].fn = fn;
  p->queue[p->tail % 8].arg = arg;
  p->tail++;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

static void pool_free(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  p->shutdown = 1;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < 4; i++)
    pthread_join(p->threads[i], 0);
  free(p);
}
