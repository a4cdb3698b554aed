// A try-lock that failed holds nothing: locking the mutex on the failure
// branch is not a double lock.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int count;

void bump(void) {
  if (pthread_mutex_trylock(&mu) != 0)
    pthread_mutex_lock(&mu);
  count++;
  pthread_mutex_unlock(&mu);
}

int main(void) {
  bump();
  return count;
}
