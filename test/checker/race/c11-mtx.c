// C11 mtx_lock protects the counter.
// RUN: %parcheck %s -- -std=c11 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <threads.h>

int jobs;
mtx_t m;

int run(void *arg) {
  (void)arg;
  mtx_lock(&m);
  jobs++;
  mtx_unlock(&m);
  return 0;
}

int main(void) {
  mtx_init(&m, mtx_plain);
  thrd_t t[3];
  for (int i = 0; i < 3; i++)
    thrd_create(&t[i], run, 0);
  for (int i = 0; i < 3; i++)
    thrd_join(t[i], 0);
  return jobs;
}
