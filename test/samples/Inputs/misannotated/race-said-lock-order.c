// A race annotated as a lock-order problem, to prove the cross-check fails on a wrong
// expectation: the race on line 9 is an extra finding, the lock-order a missing one.
#include <pthread.h>

long shared;

static void *bump(void *arg) {
  (void)arg;
  shared++; // EXPECT: lock-order
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
