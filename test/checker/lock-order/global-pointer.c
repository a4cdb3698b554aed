// A lock reached through a global pointer ('lock(gm)' with 'gm = &m1') is the
// lock it points to: it guards what 'lock(&m1)' guards elsewhere (no race on
// 'total'), and taking it before 'm2' inverts the order 'm2' then 'm1' of
// another thread. 'other', guarded by different locks, still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t *gm = &m1;
int total, other;

void *producer(void *arg) {
  (void)arg;
  pthread_mutex_lock(gm);
  pthread_mutex_lock(&m2);
  total++;
  pthread_mutex_unlock(&m2);
  pthread_mutex_unlock(gm);
  pthread_mutex_lock(gm);
  other++;
  pthread_mutex_unlock(gm);
  return 0;
}

void *consumer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m1);
  total--;
  pthread_mutex_unlock(&m1);
  pthread_mutex_lock(&m2);
  other--;
  // CHECK-DAG: global-pointer.c:21:3: warning: data race on 'other'
  pthread_mutex_lock(&m1);
  // CHECK-DAG: global-pointer.c:[[@LINE-1]]:3: warning: lock order inversion: 'm1' acquired while holding 'm2' [parcheck-lock-order]
  pthread_mutex_unlock(&m1);
  pthread_mutex_unlock(&m2);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, producer, 0);
  pthread_create(&b, 0, consumer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
