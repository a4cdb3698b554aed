// memcached's crawler: 'lock(&l); if (!n) unlock(&l); work(); if (n) unlock(&l);'
// with n unchanged between the tests releases l on every path, so the next
// iteration's lock is no double lock, and 'work' holding l only where n is
// set gives no lock-order edge from l when n is clear. In 'drift' the
// condition changes between the tests (assigned), so l may still be held at
// the next lock: reported.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <sched.h>

pthread_mutex_t l = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t l2 = PTHREAD_MUTEX_INITIALIZER;
struct mod { int needs_lock; };
struct crawler { struct mod *mod; } active;
pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
int done, skip;

void eval(void) { sched_yield(); }

void *worker(void *arg) {
  int n = arg != 0;
  pthread_mutex_lock(&outer);
  while (!done) {
    if (skip) {
      pthread_mutex_lock(&l);
      pthread_mutex_unlock(&l);
      continue;
    }
    pthread_mutex_lock(&l);
    if (!n)
      pthread_mutex_unlock(&l);
    eval();
    if (n)
      pthread_mutex_unlock(&l);
    pthread_mutex_unlock(&outer);
    pthread_mutex_lock(&outer);
  }
  pthread_mutex_unlock(&outer);
  return 0;
}

void *crawl(void *arg) {
  (void)arg;
  pthread_mutex_lock(&outer);
  while (!done) {
    if (skip) {
      pthread_mutex_lock(&l);
      pthread_mutex_unlock(&l);
      continue;
    }
    pthread_mutex_lock(&l);
    if (!active.mod->needs_lock)
      pthread_mutex_unlock(&l);
    eval();
    if (active.mod->needs_lock)
      pthread_mutex_unlock(&l);
    pthread_mutex_unlock(&outer);
    pthread_mutex_lock(&outer);
  }
  pthread_mutex_unlock(&outer);
  return 0;
}

void *drift(void *arg) {
  int m = arg != 0;
  while (!done) {
    if (skip) {
      pthread_mutex_lock(&l2);
      // CHECK: correlated-unlocks.c:[[@LINE-1]]:7: warning: 'l2' acquired while possibly already held [parcheck-double-lock]
      pthread_mutex_unlock(&l2);
      continue;
    }
    pthread_mutex_lock(&l2);
    if (!m)
      pthread_mutex_unlock(&l2);
    m = !m;
    if (m)
      pthread_mutex_unlock(&l2);
  }
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, worker, &t[0]);
  pthread_create(&t[1], 0, crawl, 0);
  pthread_create(&t[2], 0, drift, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
