// A local lock pointer that is never assigned may point to any lock: taking
// a while holding it closes a cycle with a thread that takes a, then b.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int shared;

void *ab(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  shared++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}

void *unknown(void *arg) {
  pthread_mutex_t *m; // never set
  (void)arg;
  pthread_mutex_lock(m);
  pthread_mutex_lock(&a);
  // CHECK: unknown-local-pointer.c:[[@LINE-1]]:3: warning: lock order inversion: 'a' acquired while holding 'b' via unassigned 'm' [parcheck-lock-order]
  // CHECK-NEXT: unknown-local-pointer.c:[[@LINE-3]]:3: note: 'b' via unassigned 'm' acquired here
  // CHECK-NEXT: unknown-local-pointer.c:13:3: note: 'b' acquired while holding 'a' in thread 'ab'
  // CHECK-NEXT: unknown-local-pointer.c:12:3: note: 'a' acquired here
  shared--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(m);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, unknown, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
