// A mutex taken on one branch and then taken again unconditionally: on the
// paths through the branch the thread locks it twice.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int count;

void bump(int early) {
  if (early)
    pthread_mutex_lock(&mu);
  pthread_mutex_lock(&mu);
  // CHECK: maybe-held.c:[[@LINE-1]]:3: warning: 'mu' acquired while possibly already held [parcheck-double-lock]
  // CHECK-NEXT: maybe-held.c:[[@LINE-3]]:5: note: 'mu' acquired here, on some paths
  count++;
  pthread_mutex_unlock(&mu);
}

int main(void) {
  bump(1);
  return count;
}
