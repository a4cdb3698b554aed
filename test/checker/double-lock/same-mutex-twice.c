// A non-recursive mutex locked again by the thread that holds it.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int count;

void bump_twice(void) {
  pthread_mutex_lock(&mu);
  count++;
  pthread_mutex_lock(&mu);
  // CHECK: same-mutex-twice.c:[[@LINE-1]]:3: warning: 'mu' acquired while already held [parcheck-double-lock]
  // CHECK-NEXT: same-mutex-twice.c:[[@LINE-4]]:3: note: 'mu' acquired here
  count++;
  pthread_mutex_unlock(&mu);
  pthread_mutex_unlock(&mu);
}

int main(void) {
  bump_twice();
  return count;
}
