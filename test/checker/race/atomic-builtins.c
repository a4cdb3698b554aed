// __atomic_* and __sync_* builtins on a plain int are atomic accesses.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int counter;
int flag;

void *worker(void *arg) {
  (void)arg;
  __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
  __sync_fetch_and_add(&counter, 1);
  __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  int f = __atomic_load_n(&flag, __ATOMIC_ACQUIRE);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return counter + f;
}
