// --checks picks checks with globs; '-' disables; a name that matches no
// check is an input error (exit 2).
// RUN: not %parcheck %s --checks=parcheck-lock-order -- | FileCheck %s --check-prefix=ORDER --implicit-check-not="warning:"
// RUN: not %parcheck %s --checks=-parcheck-lock-order -- | FileCheck %s --check-prefix=LEAK --implicit-check-not="warning:"
// RUN: not %parcheck %s --checks='-*,lock-*' -- | FileCheck %s --check-prefixes=ORDER,LEAK --implicit-check-not="warning:"
// RUN: %parcheck %s --checks=race,cond-wait -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s --checks=parcheck-no-such-check -- 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: parcheck: unknown check 'parcheck-no-such-check' in --checks
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int total;

void *ab(void *p) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  total++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return p;
}

void *ba(void *p) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  // ORDER: checks-select.c:[[@LINE-1]]:3: warning: lock order inversion: 'a' acquired while holding 'b' [parcheck-lock-order]
  total--;
  pthread_mutex_unlock(&a);
  if (p)
    return p;
  // LEAK: checks-select.c:[[@LINE-1]]:5: warning: 'b' is still held when 'ba' returns here [parcheck-lock-leak]
  pthread_mutex_unlock(&b);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
