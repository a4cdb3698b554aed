// A helper is checked once per call that enters it (the call-site split):
// with the locks held at that call and what may run there, not with the
// meet of every call's locks and the union of what runs at any of them.
// main calls bump() before the thread exists with no lock, then under the
// lock the thread takes: neither call races with the thread's.
// A helper on two objects, each always under its own lock ('stats_add(
// &ready_stats)' under ready_mu, '&done_stats' under done_mu): each call
// is checked with the object it passes and the lock it holds, so main's
// call on ready_stats does not race with the worker's on done_stats.
// Still reported: a later call with no lock (-DUNLOCKED_LATE), a later
// call under another lock (-DOTHER_LOCK), done_stats updated under the
// wrong lock (-DWRONG_LOCK).
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DUNLOCKED_LATE | FileCheck %s --check-prefix=BUMP
// RUN: not %parcheck %s -- -DOTHER_LOCK | FileCheck %s --check-prefix=BUMP
// RUN: not %parcheck %s -- -DWRONG_LOCK | FileCheck %s --check-prefix=LIST
// BUMP: warning: data race on 'counter'
// LIST: warning: data race on 'stats::total'
#include <pthread.h>

static long counter;
static pthread_mutex_t L = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void bump(void) { counter++; }

struct stats {
  long total;
};

static struct stats ready_stats, done_stats;
static pthread_mutex_t ready_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;

static void stats_add(struct stats *s, long v) { s->total += v; }

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&L);
  bump();
  pthread_mutex_unlock(&L);
  pthread_mutex_lock(&done_mu);
  stats_add(&done_stats, 1);
  pthread_mutex_unlock(&done_mu);
  return 0;
}

int main(void) {
  pthread_t t;
  bump();
  pthread_create(&t, 0, worker, 0);
#if defined(UNLOCKED_LATE)
  bump();
#elif defined(OTHER_LOCK)
  pthread_mutex_lock(&M);
  bump();
  pthread_mutex_unlock(&M);
#else
  pthread_mutex_lock(&L);
  bump();
  pthread_mutex_unlock(&L);
#endif
  pthread_mutex_lock(&ready_mu);
  stats_add(&ready_stats, 2);
  pthread_mutex_unlock(&ready_mu);
#if defined(WRONG_LOCK)
  pthread_mutex_lock(&ready_mu);
  stats_add(&done_stats, 3);
  pthread_mutex_unlock(&ready_mu);
#else
  pthread_mutex_lock(&done_mu);
  stats_add(&done_stats, 3);
  pthread_mutex_unlock(&done_mu);
#endif
  pthread_join(t, 0);
  return 0;
}
