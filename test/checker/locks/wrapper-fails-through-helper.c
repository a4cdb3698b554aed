// pigz's yarn possess(): 'if (pthread_mutex_lock(m)) fail(1);', where fail()
// ends in exit() but is not declared noreturn, returns only holding m, so it
// is a lock wrapper and what its callers do until the unlock is under the
// lock. 'stray', written outside the lock, still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Not declared noreturn, but it never returns: it ends in exit().
static void fail(int err) {
  fprintf(stderr, "lock error %d\n", err);
  exit(err);
}

pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
long queued, stray;

void my_mutex_lock(pthread_mutex_t *m) {
  if (pthread_mutex_lock(m))
    fail(1);
}

void my_mutex_unlock(pthread_mutex_t *m) {
  if (pthread_mutex_unlock(m))
    fail(1);
}

void *worker(void *arg) {
  (void)arg;
  my_mutex_lock(&pool_mu);
  queued++;
  my_mutex_unlock(&pool_mu);
  stray++;
  // CHECK: wrapper-fails-through-helper.c:[[@LINE-1]]:3: warning: data race on 'stray'
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
