// The same inversion repeated many times by many threads is reported exactly once.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t > %t.out 2>&1
// RUN: grep -c "WARNING: parcheck: lock-order-inversion" %t.out | FileCheck %s --check-prefix=COUNT
// COUNT: {{^1$}}
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_t *x = (long)arg % 2 ? &a : &b, *y = (long)arg % 2 ? &b : &a;
    pthread_mutex_lock(x);
    pthread_mutex_lock(y);
    pthread_mutex_unlock(y);
    pthread_mutex_unlock(x);
  }
  return 0;
}

int main(void) {
  for (long i = 0; i < 8; ++i) {  // one at a time: the inversion never really deadlocks
    pthread_t t;
    pthread_create(&t, 0, worker, (void *)i);
    pthread_join(t, 0);
  }
  return 0;
}
