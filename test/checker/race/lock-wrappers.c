// lock()/unlock() wrappers: the caller holds the lock between the two calls.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void lock(void) { pthread_mutex_lock(&mu); }
static void unlock(void) { pthread_mutex_unlock(&mu); }
static void lock_m(pthread_mutex_t *m) { pthread_mutex_lock(m); }

void *worker(void *arg) {
  (void)arg;
  lock();
  total++;
  unlock();
  lock_m(&mu);
  total++;
  unlock();
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  lock();
  total++;
  unlock();
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return total;
}
