// const data is only ever read.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

static const int table[4] = {1, 2, 3, 4};
const char *const name = "x";
int results[4];

void *worker(void *arg) {
  long i = (long)arg;
  results[i] = table[i] + name[0];
  return 0;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return results[0];
}
