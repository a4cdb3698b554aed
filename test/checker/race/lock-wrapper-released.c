// A helper that releases the caller's lock: what follows the call is unprotected.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int total;

static int finish(void) {
  int v = total + 1; // still under the caller's lock
  pthread_mutex_unlock(&mu);
  return v;
}

void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  // CHECK: lock-wrapper-released.c:[[@LINE+1]]:3: warning: data race on 'total': write in thread 'worker' conflicts with {{read|write}} in another instance of thread 'worker'
  total = finish();
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return total;
}
