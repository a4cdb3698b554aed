// The same shape on a global lock, under a name that does not say "lock": a leak.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int count;

void bump(void) {
  // CHECK: wrapper-of-global-leaks.c:[[@LINE+1]]:3: warning: 'mu' acquired in 'bump' is not released on any path out of it [parcheck-lock-leak]
  pthread_mutex_lock(&mu);
  count++;
}

int main(void) {
  bump();
  return count;
}
