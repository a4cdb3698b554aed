// Each thread writes its own slot, indexed by its id: no race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

long partial[8];

void *worker(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 1000; i++)
    partial[id] += i;
  return 0;
}

int main(void) {
  pthread_t th[8];
  for (long i = 0; i < 8; i++)
    pthread_create(&th[i], 0, worker, (void *)i);
  long sum = 0;
  for (int i = 0; i < 8; i++) {
    pthread_join(th[i], 0);
    sum += partial[i];
  }
  return (int)sum;
}
