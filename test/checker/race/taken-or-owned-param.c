// A helper's parameter that every call binds either to an object taken out
// of a locked queue or to one the caller owns (a fresh allocation, as zstd's
// 'cctx = ZSTD_createCCtx()' beside a job's cctx taken from the pool) is
// the owner's, however deep the calls: two workers running the helper on what they took are ordered
// by the queue's lock, and on their own objects touch two objects. A call
// on a shared object (-DSHARED) makes it shared again.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSHARED | FileCheck %s --check-prefix=SHARED --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct job {
  int n;
  struct job *next;
};

static struct job *head;
static struct job global_job;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

// SHARED: taken-or-owned-param.c:[[@LINE+1]]:41: warning: data race on 'job::n': write in thread 'worker' conflicts with write in another instance of thread 'worker'
static void process(struct job *j) { j->n++; }
// Deeper than the call-site split follows.
static void step3(struct job *j) { process(j); }
static void step2(struct job *j) { step3(j); }
static void step1(struct job *j) { step2(j); }

static struct job *take(void) {
  pthread_mutex_lock(&mu);
  struct job *j = head;
  if (j)
    head = j->next;
  pthread_mutex_unlock(&mu);
  return j;
}

static void *worker(void *arg) {
  (void)arg;
  struct job *j = take();
  if (j)
    step1(j);
  struct job *own = malloc(sizeof *own);
  if (own) {
    own->n = 0;
    step1(own);
    free(own);
  }
#ifdef SHARED
  step1(&global_job);
#endif
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; i++) {
    struct job *j = calloc(1, sizeof *j);
    if (!j)
      break;
    pthread_mutex_lock(&mu);
    j->next = head;
    head = j;
    pthread_mutex_unlock(&mu);
  }
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
