// on_deadlock=abort aborts after the report; deadlock_exitcode changes the exit code of the
// default action.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=on_deadlock=abort not --crash %run %t 2>&1 | FileCheck %s --check-prefix=ABORT
// RUN: %env_parcheck_opts=deadlock_exitcode=42 %run %t > %t.log 2>&1 || echo "exit=$?" >> %t.log
// RUN: FileCheck %s --check-prefix=CODE < %t.log
#include <pthread.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t bar;

static void *t1(void *arg) {
  pthread_mutex_lock(&mu1);
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&mu2);
  return 0;
}

int main(void) {
  pthread_barrier_init(&bar, 0, 2);
  pthread_t a;
  pthread_create(&a, 0, t1, 0);
  pthread_mutex_lock(&mu2);
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&mu1);
  pthread_join(a, 0);
  return 0;
}
// ABORT: WARNING: parcheck: deadlock
// ABORT: real deadlock: aborting (on_deadlock=abort)
// CODE: WARNING: parcheck: deadlock
// CODE: exiting with code 42 instead of hanging
// CODE: exit=42
