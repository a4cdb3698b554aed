#include <pthread.h>
#include "other.h"

int shared;

void *worker(void *arg) {
  (void)arg;
  touch_other();
  ;/*ééé*/shared++;
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  return 0;
}
