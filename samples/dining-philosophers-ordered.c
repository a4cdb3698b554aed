// dining-philosophers-ordered: the fix: every philosopher picks up the
// lower-numbered fork first, so the last one reaches across in the same global
// order and no cycle can form. Expected: no findings; every philosopher eats.
#include <pthread.h>
#include <stdio.h>

enum { N = 5, MEALS = 1000 };

static pthread_mutex_t forks[N];
static int meals[N];

static void *philosopher(void *arg) {
  int id = (int)(long)arg;
  int a = id, b = (id + 1) % N;
  int first = a < b ? a : b, second = a < b ? b : a;
  for (int m = 0; m < MEALS; m++) {
    pthread_mutex_lock(&forks[first]);
    pthread_mutex_lock(&forks[second]);
    meals[id]++;
    pthread_mutex_unlock(&forks[second]);
    pthread_mutex_unlock(&forks[first]);
  }
  return NULL;
}

int main(void) {
  pthread_t t[N];
  for (int i = 0; i < N; i++)
    pthread_mutex_init(&forks[i], NULL);
  for (long i = 0; i < N; i++)
    pthread_create(&t[i], NULL, philosopher, (void *)i);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < N; i++)
    printf("philosopher %d ate %d times\n", i, meals[i]);
  return 0;
}
