// A thread cancelled inside pthread_cond_wait holds the mutex again when its cleanup handlers
// run (glibc re-takes it), and the program's handler unlocks it: not an unlock of a lock not
// held. A thread cancelled in sem_wait leaves no wait behind. Afterwards main waits on a
// condition variable with a timeout only: nothing is stuck, nothing is reported, exit 0.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
sem_t never, in_wait;

static void unlock_m(void *arg) { pthread_mutex_unlock(&m); }

static void *cond_waiter(void *arg) {
  pthread_mutex_lock(&m);
  pthread_cleanup_push(unlock_m, 0);
  sem_post(&in_wait);  // m is held until the wait releases it
  for (;;)
    pthread_cond_wait(&cv, &m);
  pthread_cleanup_pop(1);
  return 0;
}

static void *sem_waiter(void *arg) {
  sem_post(&in_wait);
  for (;;)
    sem_wait(&never);
  return 0;
}

int main() {
  sem_init(&never, 0, 0);
  sem_init(&in_wait, 0, 0);
  pthread_t c, s;
  void *rc, *rs;
  pthread_create(&c, 0, cond_waiter, 0);
  sem_wait(&in_wait);
  pthread_mutex_lock(&m);  // the waiter is inside pthread_cond_wait now
  pthread_mutex_unlock(&m);
  pthread_cancel(c);
  pthread_join(c, &rc);
  pthread_create(&s, 0, sem_waiter, 0);
  sem_wait(&in_wait);
  pthread_cancel(s);
  pthread_join(s, &rs);
  // Only main is left, in a timed wait: nothing stuck.
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_nsec += 200 * 1000000L;
  t.tv_sec += t.tv_nsec / 1000000000L;
  t.tv_nsec %= 1000000000L;
  pthread_mutex_lock(&m);
  while (pthread_cond_timedwait(&cv, &m, &t) != ETIMEDOUT) {
  }
  pthread_mutex_unlock(&m);
  fprintf(stderr, "done %d %d\n", rc == PTHREAD_CANCELED, rs == PTHREAD_CANCELED);
  return 0;
}
// CHECK: done 1 1
