// A heap object handed to a thread (as its argument, or a lambda's copy of the
// pointer) and written by both sides.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <thread>

// CHECK: heap-object-argument.cpp:[[@LINE+1]]:27: warning: data race on '*p': write in thread 'by_arg' conflicts with write in thread 'main'
void *by_arg(void *arg) { *(int *)arg = 1; return nullptr; }

int main() {
  int *p = new int(0);
  pthread_t t;
  pthread_create(&t, nullptr, by_arg, p);
  *p = 2;
  pthread_join(t, nullptr);

  int *q = new int(0);
  // CHECK: heap-object-argument.cpp:[[@LINE+1]]:23: warning: data race on '*q': write in thread 'lambda at
  std::thread u([q] { *q = 1; });
  *q = 2;
  u.join();
  return *p + *q;
}
