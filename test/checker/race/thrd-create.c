// C11 threads.
// RUN: not %parcheck %s -- -std=c11 | FileCheck %s --implicit-check-not="warning:"
#include <threads.h>

int jobs;

int run(void *arg) {
  (void)arg;
  // CHECK: thrd-create.c:[[@LINE+1]]:3: warning: data race on 'jobs'
  jobs++;
  return 0;
}

int main(void) {
  thrd_t t[3];
  for (int i = 0; i < 3; i++)
    thrd_create(&t[i], run, 0);
  for (int i = 0; i < 3; i++)
    thrd_join(t[i], 0);
  return jobs;
}
