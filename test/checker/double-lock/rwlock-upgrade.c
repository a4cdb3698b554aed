// Taking the write lock of an rwlock while holding its read lock deadlocks;
// two read locks do not.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
int value;

void upgrade(void) {
  pthread_rwlock_rdlock(&rw);
  if (value == 0) {
    pthread_rwlock_wrlock(&rw);
    // CHECK: rwlock-upgrade.c:[[@LINE-1]]:5: warning: 'rw' acquired while already held [parcheck-double-lock]
    // CHECK-NEXT: rwlock-upgrade.c:[[@LINE-4]]:3: note: 'rw' acquired here
    value = 1;
    pthread_rwlock_unlock(&rw);
  }
  pthread_rwlock_unlock(&rw);
}

int read_twice(void) {
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_rdlock(&rw);
  int v = value;
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  return v;
}

int main(void) {
  upgrade();
  return read_twice();
}
