// Readers of two rwlocks in opposite orders never wait for each other: no
// deadlock. With a writer on one side the inversion is real.
// RUN: not %parcheck %s -- -std=gnu11 | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_rwlock_t a = PTHREAD_RWLOCK_INITIALIZER;
pthread_rwlock_t b = PTHREAD_RWLOCK_INITIALIZER;
pthread_rwlock_t c = PTHREAD_RWLOCK_INITIALIZER;
int x;

void *read_ab(void *p) {
  pthread_rwlock_rdlock(&a);
  pthread_rwlock_rdlock(&b);
  pthread_rwlock_rdlock(&c);
  x = 0;
  pthread_rwlock_unlock(&c);
  pthread_rwlock_unlock(&b);
  pthread_rwlock_unlock(&a);
  return p;
}

void *read_ba(void *p) {
  pthread_rwlock_rdlock(&b);
  pthread_rwlock_rdlock(&a);
  pthread_rwlock_unlock(&a);
  pthread_rwlock_unlock(&b);
  return p;
}

void *write_cb(void *p) {
  pthread_rwlock_wrlock(&c);
  pthread_rwlock_wrlock(&b);
  // CHECK: readers.c:[[@LINE-1]]:3: warning: lock order inversion: 'b' acquired while holding 'c' [parcheck-lock-order]
  x = 1;
  pthread_rwlock_unlock(&b);
  pthread_rwlock_unlock(&c);
  return p;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, read_ab, 0);
  pthread_create(&t[1], 0, read_ba, 0);
  pthread_create(&t[2], 0, write_cb, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return x;
}
