// The same worker, started in a loop, takes both orders on different paths:
// two instances can deadlock each other.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int shared;

void *worker(void *arg) {
  if (arg) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    shared++;
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
  } else {
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);
    // CHECK: many-instances.c:[[@LINE-1]]:5: warning: lock order inversion: 'a' acquired while holding 'b' [parcheck-lock-order]
    shared--;
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
  }
  return 0;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, (void *)(i & 1));
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return shared;
}
