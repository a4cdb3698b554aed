// Two global pointers made to point to one global: writes through either race.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int g;
int *g1, *g2;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  // CHECK: global-pointer-alias.c:[[@LINE+1]]:4: warning: data race on '*g1': write in thread 'worker' conflicts with write in thread 'main'
  (*g1)++;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t;
  g1 = g2 = &g;
  pthread_create(&t, 0, worker, 0);
  (*g2)++;
  pthread_join(t, 0);
  return g;
}
