// Two threads only read a global that main wrote before starting them.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int config;
int out[2];

void *reader(void *arg) {
  long id = (long)arg;
  out[id] = config * 2;
  return 0;
}

int main(void) {
  config = 21;
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], 0, reader, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return out[0] + out[1];
}
