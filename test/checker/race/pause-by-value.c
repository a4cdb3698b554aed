// A lock wrapper that selects on its argument (memcached's
// 'pause_threads(PAUSE_ALL_THREADS)' / '(RESUME_ALL_THREADS)'): a call that
// passes a constant takes or releases what that value's paths do, and the
// analysis follows only those paths through it (LockEffect::ByValue, a copy
// of the function per value). Between the two calls the maintainer holds
// the compactor's lock, and the workers it paused are parked on the gate
// (checked in after the reset, blocked on hang_lock), though main started
// them: its expansion races with neither (c5cbfc0 reported the compactor
// pair and a release of hang_lock not held). Still reported:
//   -DWORKERS_ONLY: pausing only the workers does not take the compactor's
//                   lock; with -DNO_COMPACTOR, nothing is left to race;
//   -DNO_PAUSE -DNO_COMPACTOR: the expansion outside a pause races with the
//                   workers.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DWORKERS_ONLY | FileCheck %s --check-prefix=COMPACT --implicit-check-not="warning:"
// COMPACT: warning: data race on 'table_size': write in thread 'maintainer' conflicts with read in thread 'compactor'
// RUN: %parcheck %s -- -DWORKERS_ONLY -DNO_COMPACTOR | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DNO_PAUSE -DNO_COMPACTOR | FileCheck %s --check-prefix=WORKER
// WORKER: warning: data race on 'table_size': write in thread 'maintainer' conflicts with read in thread 'worker'
#include <pthread.h>

#define NW 4
enum pause_type { PAUSE_WORKERS, PAUSE_ALL, RESUME_ALL, RESUME_WORKERS };

static pthread_mutex_t compact_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t hang_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t init_cond = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t req_lock = PTHREAD_MUTEX_INITIALIZER;
static int init_count, pause_req;
static int table_size;

static void compact_pause(void) { pthread_mutex_lock(&compact_lock); }
static void compact_resume(void) { pthread_mutex_unlock(&compact_lock); }

// A worker checks in and blocks on the gate while it is held.
static void check_in(void) {
  pthread_mutex_lock(&init_lock);
  init_count++;
  pthread_cond_signal(&init_cond);
  pthread_mutex_unlock(&init_lock);
  pthread_mutex_lock(&hang_lock);
  pthread_mutex_unlock(&hang_lock);
}

static void wait_for_check_in(int n) {
  while (init_count < n)
    pthread_cond_wait(&init_cond, &init_lock);
}

void pause_threads(enum pause_type t) {
  int pause_workers = 0;
  switch (t) {
  case PAUSE_ALL:
    compact_pause();
    /* fall through */
  case PAUSE_WORKERS:
    pause_workers = 1;
    pthread_mutex_lock(&hang_lock);
    break;
  case RESUME_ALL:
    compact_resume();
    /* fall through */
  case RESUME_WORKERS:
    pthread_mutex_unlock(&hang_lock);
    break;
  }
  if (!pause_workers)
    return;
  pthread_mutex_lock(&init_lock);
  init_count = 0;
  pthread_mutex_lock(&req_lock);
  pause_req = 1;
  pthread_mutex_unlock(&req_lock);
  wait_for_check_in(NW);
  pthread_mutex_unlock(&init_lock);
}

static void expand(void) { table_size *= 2; }

static void *maintainer(void *a) {
  (void)a;
#if defined(WORKERS_ONLY)
  pause_threads(PAUSE_WORKERS);
  expand();
  pause_threads(RESUME_WORKERS);
#elif defined(NO_PAUSE)
  expand();
#else
  pause_threads(PAUSE_ALL);
  expand();
  pause_threads(RESUME_ALL);
#endif
  return 0;
}

static void *compactor(void *a) {
  (void)a;
  int n = 0;
  pthread_mutex_lock(&compact_lock);
#ifndef NO_COMPACTOR
  n = table_size;
#endif
  pthread_mutex_unlock(&compact_lock);
  return (void *)(long)n;
}

static void *worker(void *a) {
  (void)a;
  long seen = 0;
  for (;;) {
    pthread_mutex_lock(&req_lock);
    int p = pause_req;
    pause_req = 0;
    pthread_mutex_unlock(&req_lock);
    if (p)
      check_in();
    seen += table_size;
  }
  return (void *)seen;
}

int main(void) {
  pthread_t w[NW], m, c;
  for (int i = 0; i < NW; i++)
    pthread_create(&w[i], 0, worker, 0);
  pthread_create(&m, 0, maintainer, 0);
  pthread_create(&c, 0, compactor, 0);
  pthread_join(m, 0);
  pthread_join(c, 0);
  for (int i = 0; i < NW; i++)
    pthread_join(w[i], 0);
  return 0;
}
