// A callback handed to a function of the program is called where that
// function calls it (here with the lock held), not where it is handed over.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int total;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void with_lock(void (*fn)(void)) {
  pthread_mutex_lock(&mu);
  fn();
  pthread_mutex_unlock(&mu);
}

static void bump(void) { total++; }

static void *worker(void *arg) {
  (void)arg;
  with_lock(bump);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return total;
}
