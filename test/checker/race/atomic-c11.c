// C11 _Atomic objects are not races.
// RUN: %parcheck %s -- -std=c11 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdatomic.h>

_Atomic int counter;
atomic_long total;

void *worker(void *arg) {
  (void)arg;
  counter++;
  atomic_fetch_add(&total, 2);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return counter;
}
