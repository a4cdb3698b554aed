// One caller holds the lock, the other does not: the callee's write races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int total;

// CHECK: lock-held-on-some-calls.c:[[@LINE+1]]:33: warning: data race on 'total'
static void add_locked(int v) { total += v; }

void *careful(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  add_locked(1);
  pthread_mutex_unlock(&mu);
  return 0;
}

void *careless(void *arg) {
  (void)arg;
  add_locked(2);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, careful, 0);
  pthread_create(&b, 0, careless, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return total;
}
