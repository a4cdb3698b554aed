// A race correctly annotated (and one the static checker is told it misses, with a reason).
#include <pthread.h>

long shared;

static void *bump(void *arg) {
  (void)arg;
  shared++; // EXPECT: race
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
