// Joining one element of an array of threads does not join the others.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int g;

// CHECK: partial-join.c:[[@LINE+1]]:38: warning: data race on 'g'
void *worker(void *arg) { (void)arg; g++; return 0; }

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, 0);
  pthread_join(t[2], 0);
  g++;
  return 0;
}
