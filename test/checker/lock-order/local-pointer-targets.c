// A lock taken through a local pointer set to '&b' or '&c' on two branches is
// each of them: 'lock(m); lock(&a);' makes the edges b -> a and c -> a.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

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

void *through_pointer(void *arg) {
  pthread_mutex_t *m;
  (void)arg;
  if (rand() % 2)
    m = &b;
  else
    m = &c;
  pthread_mutex_lock(m);
  pthread_mutex_lock(&a);
  // CHECK: local-pointer-targets.c:[[@LINE-1]]:3: warning: lock order inversion: 'a' acquired while holding 'b' through 'm' [parcheck-lock-order]
  // CHECK-NEXT: local-pointer-targets.c:[[@LINE-3]]:3: note: 'b' through 'm' acquired here
  // CHECK-NEXT: local-pointer-targets.c:15:3: note: 'b' acquired while holding 'a' in thread 'ab'
  // CHECK-NEXT: local-pointer-targets.c:14:3: note: 'a' acquired here
  shared--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(m);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, through_pointer, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
