// Each thread gets its own element of an array of structs: no sharing.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

struct task {
  int id;
  long result;
};

void *worker(void *arg) {
  struct task *t = arg;
  t->result = t->id * 2;
  return 0;
}

int main(void) {
  pthread_t th[4];
  struct task tasks[4];
  for (int i = 0; i < 4; i++) {
    tasks[i].id = i;
    pthread_create(&th[i], 0, worker, &tasks[i]);
  }
  long sum = 0;
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], 0);
    sum += tasks[i].result;
  }
  return (int)sum;
}
