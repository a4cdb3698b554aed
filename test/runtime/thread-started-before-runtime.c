// A thread the runtime did not see being created: a library constructor starts it before the
// shim is initialised (ld.so runs the program's dependencies' constructors first). A report
// about it says so instead of giving a creation stack.
// RUN: %clang -g -O0 -DSTARTER -shared -fPIC %s -o %t-starter.so -lpthread
// RUN: %clang -g -O0 %s -o %t %t-starter.so -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <semaphore.h>

#ifdef STARTER
sem_t starter_go;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t th;
static void *body(void *arg) {
  sem_wait(&starter_go);
  pthread_mutex_unlock(&mu);  // not held
  return 0;
}
__attribute__((constructor)) static void start(void) {
  sem_init(&starter_go, 0, 0);
  pthread_create(&th, 0, body, 0);
}
void starter_join(void) { pthread_join(th, 0); }
#else
extern sem_t starter_go;
void starter_join(void);
int main(void) {
  sem_post(&starter_go);
  starter_join();
  return 0;
}
#endif

// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T1 unlocks mutex 'mu' that it does not hold:
// CHECK: Thread T1 was not seen being created (started before parcheck, or not through pthread_create)
// CHECK-EMPTY:
// CHECK-NEXT: SUMMARY: parcheck: unlock-not-held 'mu' [parcheck-unlock-not-held]
