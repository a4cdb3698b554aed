// The mutex is unlocked twice on one path.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int count;

void finish(int err) {
  pthread_mutex_lock(&mu);
  count++;
  pthread_mutex_unlock(&mu);
  if (err)
    count = 0;
  pthread_mutex_unlock(&mu);
  // CHECK: unlock-twice.c:[[@LINE-1]]:3: warning: 'mu' released but not held on any path here [parcheck-unlock-not-held]
  // CHECK-NEXT: unlock-twice.c:[[@LINE-5]]:3: note: 'mu' was released here
}

int main(void) {
  finish(0);
  return count;
}
