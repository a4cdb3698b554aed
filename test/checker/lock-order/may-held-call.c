// A lock held on some paths when a function that takes another lock is
// called: 'if (k) lock(b); take_a();' may wait for a while holding b.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

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

void take_a(void) {
  pthread_mutex_lock(&a);
  // CHECK: may-held-call.c:[[@LINE-1]]:3: warning: lock order inversion: 'a' acquired while possibly holding 'b' [parcheck-lock-order]
  // CHECK-NEXT: may-held-call.c:[[@LINE+13]]:5: note: 'b' acquired here, on some paths
  // CHECK-NEXT: may-held-call.c:[[@LINE-3]]:3: note: 'a' acquired through this call chain
  // CHECK-NEXT: {{.*}}may-held-call.c:[[@LINE+12]]:3: note: called from 'maybe_ba'
  // CHECK-NEXT: may-held-call.c:14:3: note: 'b' acquired while holding 'a' in thread 'ab'
  // CHECK-NEXT: may-held-call.c:13:3: note: 'a' acquired here
  shared--;
  pthread_mutex_unlock(&a);
}

void *maybe_ba(void *arg) {
  int k = rand() % 2;
  (void)arg;
  if (k)
    pthread_mutex_lock(&b);
  take_a();
  if (k)
    pthread_mutex_unlock(&b);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, maybe_ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
