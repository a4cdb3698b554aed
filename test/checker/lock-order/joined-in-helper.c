// A lock-order cycle deadlocks only if its edges' threads can all hold their
// first lock at the same time. A thread created in one helper and joined in
// another ('start_first(); ...; stop_first();', memcached's
// stop_assoc_maintenance_thread before stop_threads takes worker_hang_lock)
// is not running after the join: main's inverse order after it closes no
// cycle with it. In a cycle of three, two threads that never overlap (the
// second is created after the first is joined) cannot both be waiting.
// -DLATE_JOIN joins the first thread only at the end: reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: %parcheck %s -- -DTHREE | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DLATE_JOIN | FileCheck %s --check-prefix=TWO
// TWO: warning: lock order inversion: 'a' acquired while holding 'b'
// RUN: not %parcheck %s -- -DTHREE -DLATE_JOIN | FileCheck %s --check-prefix=THREE
// THREE: warning: lock order inversion: 'a' acquired while holding 'c' (cycle 'a' -> 'b' -> 'c' -> 'a')
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER,
                       c = PTHREAD_MUTEX_INITIALIZER;
static pthread_t t1, t2;

static void *first(void *x) {
  (void)x;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}

static void *second(void *x) {
  (void)x;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&c);
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&b);
  return 0;
}

static void start_first(void) { pthread_create(&t1, 0, first, 0); }
static void stop_first(void) { pthread_join(t1, 0); }

int main(void) {
  start_first();
#ifndef LATE_JOIN
  stop_first();
#endif
#ifdef THREE
  pthread_create(&t2, 0, second, 0);
  pthread_mutex_lock(&c);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&c);
  pthread_join(t2, 0);
#else
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
#endif
#ifdef LATE_JOIN
  stop_first();
#endif
  return 0;
}
