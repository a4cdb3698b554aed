// Each iteration creates and joins one thread: instances never overlap.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int counter;

void *worker(void *arg) { (void)arg; counter++; return 0; }

int main(void) {
  for (int i = 0; i < 4; i++) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_join(t, 0);
  }
  return counter;
}
