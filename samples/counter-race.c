// counter-race: four threads increment a global counter with no synchronisation.
// The classic lost update: counter++ is a load, an add and a store, and two
// threads interleave them. Expected: a data race on 'counter' (parcheck, TSan);
// the total printed is usually below 400000.
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, ITERATIONS = 100000 };

long counter;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ITERATIONS; i++)
    counter++; // EXPECT: race
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
