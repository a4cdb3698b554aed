// counter-mutex: fix 1 for counter-race: every increment under one mutex.
// Correct, but the threads now take turns on every iteration (see the lock
// statistics under the runtime shim). Expected: no findings.
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, ITERATIONS = 100000 };

long counter;
pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ITERATIONS; i++) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

int main(void) {
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  printf("counter = %ld (expected %d)\n", counter, THREADS * ITERATIONS);
  return 0;
}
