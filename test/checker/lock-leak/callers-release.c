// A function that returns holding a lock its callers release is not a leak,
// whatever its name.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int x;

static void prepare(void) {
  pthread_mutex_lock(&mu);
  x = 0;
}

int main(void) {
  prepare();
  x++;
  pthread_mutex_unlock(&mu);
  return x;
}
