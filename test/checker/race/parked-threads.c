// A controller that parks every worker before touching what they use: it
// takes the gate lock, resets the check-in count, asks the workers to check
// in and waits until the count says all have; a worker counts itself in and
// then blocks on the gate. Until the controller releases the gate no worker
// runs, so what it does there (and in what it calls there) is ordered with
// the workers (memcached's stop_threads closing every connection). Still
// reported: a write after the gate is released, a write of a thread that
// does not check in, a wait with no reset of the count before it (the count
// may be complete from an earlier round), and a write after the gate was
// released and taken again.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

#define NW 4

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t init_cond = PTHREAD_COND_INITIALIZER;
static int checked_in;
static pthread_mutex_t req_lock = PTHREAD_MUTEX_INITIALIZER;
static int stop_req;
static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;

struct conn {
  int rsize, state, stats, hits, flags;
};
static struct conn *conns[NW];

static void check_in(void) {
  pthread_mutex_lock(&init_lock);
  checked_in++;
  pthread_cond_signal(&init_cond);
  pthread_mutex_unlock(&init_lock);
  pthread_mutex_lock(&gate);
  pthread_mutex_unlock(&gate);
}

static void wait_for_check_in(int n) {
  while (checked_in < n)
    pthread_cond_wait(&init_cond, &init_lock);
}

static void handle(struct conn *c) {
  c->rsize = 16;
  // CHECK-DAG: parked-threads.c:[[@LINE+1]]:6: warning: data race on 'conn::state': write in thread 'worker' conflicts with write in thread 'main'
  c->state = 1;
  // CHECK-DAG: parked-threads.c:[[@LINE+1]]:6: warning: data race on 'conn::stats': write in thread 'worker' conflicts with write in thread 'logger'
  c->stats++;
  // CHECK-DAG: parked-threads.c:[[@LINE+1]]:6: warning: data race on 'conn::hits': write in thread 'worker' conflicts with write in thread 'main'
  c->hits++;
  // CHECK-DAG: parked-threads.c:[[@LINE+1]]:6: warning: data race on 'conn::flags': write in thread 'worker' conflicts with write in thread 'main'
  c->flags = 1;
}

static void *worker(void *arg) {
  struct conn *c = arg;
  check_in();
  for (;;) {
    pthread_mutex_lock(&req_lock);
    int s = stop_req;
    pthread_mutex_unlock(&req_lock);
    if (s)
      break;
    pthread_mutex_lock(&work_lock); // the workers among themselves
    handle(c);
    pthread_mutex_unlock(&work_lock);
  }
  check_in();
  return 0;
}

static void *logger(void *arg) {
  struct conn *c = arg;
  c->stats = 0; // never checks in: not parked
  return 0;
}

static void close_all(void) {
  for (int i = 0; i < NW; i++) {
    conns[i]->rsize = 0; // every worker is parked
    conns[i]->stats = -1;
  }
}

// No reset: the count may still say "all" from the workers' start.
static void peek_workers(void) {
  pthread_mutex_lock(&gate);
  pthread_mutex_lock(&init_lock);
  wait_for_check_in(NW);
  pthread_mutex_unlock(&init_lock);
  // CHECK-DAG: parked-threads.c:[[@LINE+1]]:13: note: conflicting write in thread 'main', holding 'gate'
  conns[0]->hits = 0;
  pthread_mutex_unlock(&gate);
}

static pthread_t tids[NW];

static void stop_workers(void) {
  pthread_mutex_lock(&gate);
  pthread_mutex_lock(&init_lock);
  checked_in = 0;
  pthread_mutex_lock(&req_lock);
  stop_req = 1;
  pthread_mutex_unlock(&req_lock);
  wait_for_check_in(NW);
  pthread_mutex_unlock(&init_lock);
  close_all();
  pthread_mutex_unlock(&gate);
  pthread_mutex_lock(&gate);
  // CHECK-DAG: parked-threads.c:[[@LINE+1]]:13: note: conflicting write in thread 'main', holding 'gate'
  conns[0]->flags = 0; // the workers ran between the release and this take
  pthread_mutex_unlock(&gate);
  for (int i = 0; i < NW; i++)
    // CHECK-DAG: parked-threads.c:[[@LINE+1]]:15: note: conflicting write in thread 'main', holding no lock
    conns[i]->state = 2; // the gate is open: the workers run again
  for (int i = 0; i < NW; i++)
    pthread_join(tids[i], 0);
}

int main(void) {
  static struct conn cs[NW];
  pthread_t lg;
  for (int i = 0; i < NW; i++) {
    conns[i] = &cs[i];
    pthread_create(&tids[i], 0, worker, &cs[i]);
  }
  pthread_create(&lg, 0, logger, &cs[0]);
  peek_workers();
  stop_workers();
  pthread_join(lg, 0);
  return 0;
}
