// SARIF for a data race: one threadFlow per thread.
// REQUIRES: jsonschema, sarif-schema
// RUN: not %parcheck %s --format=sarif -- > %t.sarif
// RUN: %python %S/Inputs/validate.py %sarif_schema %t.sarif | FileCheck %s
// CHECK: valid sarif 2.1.0
// CHECK: results: 1
// CHECK-NEXT: result parcheck-race warning race.c:[[#@LINE+9]]
// CHECK: flow thread 'worker': [[#@LINE+8]]
// CHECK-NEXT: flow thread 'main': [[#@LINE+14]]
#include <pthread.h>

int counter;

void *worker(void *arg) {
  (void)arg;
  counter++;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  counter++;
  pthread_join(t, 0);
  return counter;
}
