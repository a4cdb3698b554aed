// Two global lock pointers set from one local pointer ('p = a; q = a;' in a
// loop of fresh mutexes) may point to one mutex: taking q while holding p may
// take that mutex twice.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t *p, *q;
int shared;

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(p);
  pthread_mutex_lock(q);
  // CHECK: may-alias-pointers.c:[[@LINE-1]]:3: warning: 'q' acquired while holding 'p'; they may point to the same mutex, which would then be taken twice [parcheck-lock-order]
  // CHECK-NEXT: may-alias-pointers.c:[[@LINE-3]]:3: note: 'p' acquired here
  shared++;
  pthread_mutex_unlock(q);
  pthread_mutex_unlock(p);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_mutex_t *a;
  for (int i = 0; i < 10; i++) {
    a = malloc(sizeof(pthread_mutex_t));
    pthread_mutex_init(a, 0);
    if (i == 3)
      p = a;
    if (i == 7)
      q = a;
  }
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return 0;
}
