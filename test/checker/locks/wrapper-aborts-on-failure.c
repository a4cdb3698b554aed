// libuv's uv_mutex_lock: 'if (pthread_mutex_lock(m)) abort();' returns only
// holding m (the abort path never returns), so it is a lock wrapper and what
// its callers do until uv_mutex_unlock is under the lock. 'stray', written
// outside the lock, still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
long queued, stray;

void my_mutex_lock(pthread_mutex_t *m) {
  if (pthread_mutex_lock(m))
    abort();
}

void my_mutex_unlock(pthread_mutex_t *m) {
  if (pthread_mutex_unlock(m))
    abort();
}

void *worker(void *arg) {
  (void)arg;
  my_mutex_lock(&pool_mu);
  queued++;
  my_mutex_unlock(&pool_mu);
  stray++;
  // CHECK: wrapper-aborts-on-failure.c:[[@LINE-1]]:3: warning: data race on 'stray'
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
