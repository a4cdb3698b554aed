// Releases that are fine: the caller holds the lock, a lock/unlock pair of
// helper functions, a conditional lock released on the matching path, and a
// successful trylock.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t big = PTHREAD_MUTEX_INITIALIZER;
int count;

static void unlock_after_update(void) {
  count++;
  pthread_mutex_unlock(&mu);
}

void update(void) {
  pthread_mutex_lock(&mu);
  unlock_after_update();
}

void big_lock(void) { pthread_mutex_lock(&big); }
void big_unlock(void) { pthread_mutex_unlock(&big); }

void maybe(int c) {
  if (c)
    pthread_mutex_lock(&mu);
  count++;
  if (c)
    pthread_mutex_unlock(&mu);
}

void attempt(void) {
  if (pthread_mutex_trylock(&mu) == 0) {
    count++;
    pthread_mutex_unlock(&mu);
  }
}

int main(void) {
  update();
  big_lock();
  count++;
  big_unlock();
  maybe(1);
  attempt();
  return count;
}
