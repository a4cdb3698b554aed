// Three threads, three locks: a => b, b => c, c => a. No two-lock inversion,
// but together they can deadlock.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;
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

void *bc(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&c);
  shared++;
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&b);
  return 0;
}

void *ca(void *arg) {
  (void)arg;
  pthread_mutex_lock(&c);
  pthread_mutex_lock(&a);
  // CHECK: three-cycle.c:[[@LINE-1]]:3: warning: lock order inversion: 'a' acquired while holding 'c' (cycle 'a' -> 'b' -> 'c' -> 'a') [parcheck-lock-order]
  // CHECK-NEXT: three-cycle.c:[[@LINE-3]]:3: note: 'c' acquired here
  // CHECK-NEXT: three-cycle.c:14:3: note: 'b' acquired while holding 'a' in thread 'ab'
  // CHECK-NEXT: three-cycle.c:13:3: note: 'a' acquired here
  // CHECK-NEXT: three-cycle.c:24:3: note: 'c' acquired while holding 'b' in thread 'bc'
  // CHECK-NEXT: three-cycle.c:23:3: note: 'b' acquired here
  shared++;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&c);
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, ab, 0);
  pthread_create(&t[1], 0, bc, 0);
  pthread_create(&t[2], 0, ca, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
