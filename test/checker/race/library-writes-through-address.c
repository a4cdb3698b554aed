// scanf and memset write the object whose address they get; strlen only reads.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

int value;
char name[16] = "x";

void *worker(void *arg) {
  (void)arg;
  // CHECK: library-writes-through-address.c:[[@LINE+1]]:3: warning: data race on 'value'
  value = 1;
  return (void *)strlen(name);
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  scanf("%d", &value);
  (void)strlen(name);
  pthread_join(t, 0);
  memset(&value, 0, sizeof value);
  return value;
}
