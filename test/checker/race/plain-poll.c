// Plain polls (analysis/Concurrency.cpp, "Plain polls"): a pool's teardown
// waits for its workers by polling a plain count each worker drops as its
// last act ('while (pool->alive) sleep(1);'), then frees the queue. The poll
// and the stop flag are races themselves and are reported; the queue's
// teardown after the poll is not reported again against the workers'
// accesses made before they counted themselves out.
// RUN: not %parcheck %s -- | FileCheck %s --check-prefix=POLL --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DINLINE | FileCheck %s --check-prefix=POLL --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DBOTH | FileCheck %s --check-prefix=POLL --implicit-check-not="warning:"
// A poll for zero written as a comparison with 0 is the same poll.
// RUN: not %parcheck %s -- '-DWAIT_TEST=p->alive > 0' | FileCheck %s --check-prefix=POLL --implicit-check-not="warning:"
// RUN: not %parcheck %s -- '-DWAIT_TEST=!(0 == p->alive)' | FileCheck %s --check-prefix=POLL --implicit-check-not="warning:"
// POLL-DAG: warning: data race on 'pool::alive': write in thread 'worker' conflicts with read in thread 'main'
// POLL-DAG: warning: data race on 'keepalive': write in thread 'main' conflicts with read in thread 'worker'
//
// On 07d441f (before this rule) the teardown's accesses were reported too.
// They still are with the count dropped inside a loop (repeated: it hands
// nothing over) or a poll whose loop changes its own condition (a bounded
// wait may give up) or that may leave on another condition ('&&'), and so
// are a worker's accesses after it counted itself out.
// RUN: not %parcheck %s -- -DDROP_IN_LOOP | FileCheck %s --check-prefix=QUEUE
// RUN: not %parcheck %s -- -DEITHER | FileCheck %s --check-prefix=QUEUE
// RUN: not %parcheck %s -- -DCOUNTED_POLL | FileCheck %s --check-prefix=QUEUE
// So are they when the loop may leave by a 'break', or hands the polled
// object to a call (which may change the count itself).
// RUN: not %parcheck %s -- -DBREAK_OUT | FileCheck %s --check-prefix=QUEUE
// RUN: not %parcheck %s -- -DPASSES | FileCheck %s --check-prefix=QUEUE
// A poll that waits for a count other than zero is not released by the
// count-downs.
// RUN: not %parcheck %s -- '-DWAIT_TEST=p->alive != 1' | FileCheck %s --check-prefix=QUEUE
// RUN: not %parcheck %s -- '-DWAIT_TEST=p->alive < 0' | FileCheck %s --check-prefix=QUEUE
// QUEUE-DAG: warning: data race on 'queue::len': write in thread 'main' conflicts with read in thread 'worker'
// QUEUE-DAG: warning: data race on 'pool::q': write in thread 'main' conflicts with read in thread 'worker'
// A poll made before the workers were started saw none of their releases,
// and a poll for the workers' check-ins ('while (alive != 4)') does not wait
// for their check-outs ('alive--' hands over only to a poll for zero).
// RUN: not %parcheck %s -- -DRESTART | FileCheck %s --check-prefix=RESTART
// RUN: not %parcheck %s -- -DCHECK_IN | FileCheck %s --check-prefix=RESTART
// RESTART-DAG: warning: data race on 'queue::len': write in thread 'main' conflicts with read in thread 'worker'
// RESTART-DAG: warning: data race on 'keepalive': write in thread 'main' conflicts with read in thread 'worker'
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefix=LATE
// RUN: not %parcheck %s -- -DLATE -DINLINE | FileCheck %s --check-prefix=LATE
// LATE-DAG: warning: data race on 'queue::len': write in thread 'worker' conflicts with read in another instance of thread 'worker'
// LATE-DAG: warning: data race on 'pool::q': write in thread 'main' conflicts with read in thread 'worker'
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct queue {
  int len;
  int jobs[64];
};
struct pool {
  pthread_mutex_t mu;
  int alive, force, pending;
  struct queue *q;
};
static volatile int keepalive = 1;

// The worker's queue accesses and the teardown are in helpers: the poll
// and the count-down are in their callers (-DINLINE: in the same function).
static void pull(struct pool *p) {
  pthread_mutex_lock(&p->mu);
  if (p->q->len > 0)
    p->q->len--;
  pthread_mutex_unlock(&p->mu);
}

static void queue_free(struct pool *p) {
  p->q->len = 0;
  free(p->q);
}

static void *worker(void *arg) {
  struct pool *p = arg;
#ifdef CHECK_IN
  pthread_mutex_lock(&p->mu);
  p->alive++;
  pthread_mutex_unlock(&p->mu);
#endif
  while (keepalive) {
#ifdef INLINE
    pthread_mutex_lock(&p->mu);
    if (p->q->len > 0)
      p->q->len--;
    pthread_mutex_unlock(&p->mu);
#else
    pull(p);
#endif
    usleep(100);
  }
#ifdef DROP_IN_LOOP
  for (int once = 0; once < 1; once++) {
#endif
  pthread_mutex_lock(&p->mu);
  p->alive--;
  pthread_mutex_unlock(&p->mu);
#ifdef DROP_IN_LOOP
  }
#endif
#ifdef LATE
  p->q->len = -1;
#endif
  return 0;
}

#ifdef PASSES
static void nudge(struct pool *p) {
  if (p->force)
    sleep(1);
}
#endif

static void destroy(struct pool *p) {
  keepalive = 0;
#ifdef COUNTED_POLL
  int tries = 1000;
  while (p->alive && tries > 0)
    tries--;
#elif defined(EITHER)
  while (p->alive && !p->force) // leaves on 'force' alone
    sleep(1);
#elif defined(BOTH)
  while (p->alive || p->pending) // leaves when both are down
    sleep(1);
#elif defined(BREAK_OUT)
  while (p->alive) {
    if (p->force)
      break; // gives up: the workers may still run
    sleep(1);
  }
#elif defined(PASSES)
  while (p->alive)
    nudge(p);
#elif defined(WAIT_TEST)
  while (WAIT_TEST)
    sleep(1);
#else
  while (p->alive)
    sleep(1);
#endif
#ifdef INLINE
  p->q->len = 0;
  free(p->q);
#else
  queue_free(p);
#endif
  free(p);
}

int main(void) {
  struct pool *p = calloc(1, sizeof *p);
  pthread_mutex_init(&p->mu, 0);
  p->q = calloc(1, sizeof *p->q);
#ifdef RESTART
  while (p->alive) // waits for an earlier set of workers, not the next
    sleep(1);
#endif
#ifndef CHECK_IN
  p->alive = 4;
#endif
  for (int i = 0; i < 4; i++) {
    pthread_t t;
    pthread_create(&t, 0, worker, p);
    pthread_detach(t);
  }
#ifdef CHECK_IN
  while (p->alive != 4) // every worker has checked in; none has checked out
    ;
#endif
  pthread_mutex_lock(&p->mu);
  p->q->len = 3;
  pthread_mutex_unlock(&p->mu);
#if defined(RESTART) || defined(CHECK_IN)
  p->q->len = 5;
#endif
  destroy(p);
  return 0;
}
