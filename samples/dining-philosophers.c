// dining-philosophers: five philosophers each pick up the left fork, then the
// right one. A barrier makes every philosopher hold the left fork before anyone
// reaches for the right: a real deadlock, every run. parcheck reports the lock
// cycle over the forks array; the runtime shim reports the lock-order cycle and
// the wait-for cycle (deadlock) and exits instead of hanging; ThreadSanitizer
// reports nothing and hangs (the cross-check's time limit: deadlock by timeout).
// TSan checks lock order after an acquisition, and no philosopher ever gets
// its right fork, so no edge of the cycle is recorded.
// EXPECT-NOT(tsan): lock-order reason: the deadlock blocks before any edge of the cycle is taken
#include <pthread.h>
#include <stdio.h>

enum { N = 5 };

static pthread_mutex_t forks[N];
static pthread_barrier_t all_seated;
static int meals[N];

static void *philosopher(void *arg) {
  int id = (int)(long)arg;
  int left = id, right = (id + 1) % N;
  pthread_mutex_lock(&forks[left]);
  pthread_barrier_wait(&all_seated); // everyone now holds one fork
  pthread_mutex_lock(&forks[right]); // EXPECT: lock-order, deadlock
  meals[id]++;
  pthread_mutex_unlock(&forks[right]);
  pthread_mutex_unlock(&forks[left]);
  return NULL;
}

int main(void) {
  pthread_t t[N];
  for (int i = 0; i < N; i++)
    pthread_mutex_init(&forks[i], NULL);
  pthread_barrier_init(&all_seated, NULL, N);
  for (long i = 0; i < N; i++)
    pthread_create(&t[i], NULL, philosopher, (void *)i);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], NULL);
  printf("everyone ate\n");
  return 0;
}
