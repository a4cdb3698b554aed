// The first thread is joined before the second starts: they never overlap.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int shared;

void *first(void *arg) { (void)arg; shared = 1; return 0; }
void *second(void *arg) { (void)arg; shared = 2; return 0; }

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first, 0);
  pthread_join(a, 0);
  pthread_create(&b, 0, second, 0);
  pthread_join(b, 0);
  return shared;
}
