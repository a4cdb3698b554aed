// An error path returns without unlocking.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int items[16], n;

int push(int v) {
  pthread_mutex_lock(&mu);
  if (n == 16)
    return -1;
    // CHECK: early-return.c:[[@LINE-1]]:5: warning: 'mu' is still held when 'push' returns here [parcheck-lock-leak]
    // CHECK-NEXT: early-return.c:[[@LINE-4]]:3: note: 'mu' acquired here
    // CHECK-NEXT: early-return.c:{{[0-9]+}}:3: note: other paths release it before returning
  items[n++] = v;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) { return push(1); }
