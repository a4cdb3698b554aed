// A cancellation cleanup handler that unlocks, run by pthread_cleanup_pop(1),
// releases the lock its argument names: taking it again after is no double
// lock, and the function leaks nothing. pthread_cleanup_pop(0) does not run it: 'leaky' still
// returns holding the lock.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int ready, served, kept;

static void unlock_fn(void *m) { pthread_mutex_unlock(m); }

void *waiter(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++) {
    pthread_mutex_lock(&mu);
    pthread_cleanup_push(unlock_fn, &mu);
    while (!ready)
      pthread_cond_wait(&cv, &mu);
    served++;
    pthread_cleanup_pop(1);
    pthread_mutex_lock(&mu);
    served++;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}

void *leaky(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu2);
  // CHECK: cleanup-handler.c:[[@LINE-1]]:3: warning: 'mu2' acquired in 'leaky' is not released on any path out of it [parcheck-lock-leak]
  pthread_cleanup_push(unlock_fn, &mu2);
  kept++;
  pthread_cleanup_pop(0);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, waiter, 0);
  pthread_create(&b, 0, leaky, 0);
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
