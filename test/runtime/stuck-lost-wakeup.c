// A lost wake-up: main signals before the worker waits (no predicate), then joins it. The
// signal is lost for sure (there is no waiter yet), the worker waits for ever and so does
// main: every thread is stuck, reported, exit 67. The same with C11 mtx_t and cnd_wait (in a
// thread made by pthread_create; threads made by C11 thrd_create and waited for by thrd_join
// are tested in c11-threads.c).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t; test $? -eq 67
// RUN: not %run %t 2>&1 | FileCheck %s
// RUN: not %run %t c11 2>&1 | FileCheck %s --check-prefix=C11
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
mtx_t m11;
cnd_t cv11;

static void *worker(void *arg) {
  pthread_mutex_lock(&m);
  pthread_cond_wait(&cv, &m);  // no predicate: the signal already went
  pthread_mutex_unlock(&m);
  return 0;
}

static void *worker11(void *arg) {
  mtx_lock(&m11);
  cnd_wait(&cv11, &m11);
  mtx_unlock(&m11);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "c11")) {
    mtx_init(&m11, mtx_plain);
    cnd_init(&cv11);
    cnd_signal(&cv11);
    pthread_t t;
    pthread_create(&t, 0, worker11, 0);
    pthread_join(t, 0);
  } else {
    pthread_mutex_lock(&m);
    pthread_cond_signal(&cv);  // nobody waits yet: lost
    pthread_mutex_unlock(&m);
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_join(t, 0);
  }
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// CHECK-NEXT: Thread T0 waits in pthread_join for thread T1 to finish:
// CHECK-NEXT: #0 main {{.*}}stuck-lost-wakeup.c:48
// CHECK: Thread T1 waits on condition variable 'cv' with mutex 'm':
// CHECK-NEXT: #0 worker {{.*}}stuck-lost-wakeup.c:22
// CHECK: SUMMARY: parcheck: deadlock (all threads blocked) T0 -> join T1, T1 -> cond 'cv' [parcheck-deadlock]
// CHECK: real deadlock: exiting with code 67 instead of hanging
// CHECK-NOT: done
// C11: WARNING: parcheck: deadlock (all threads are blocked
// C11: Thread T1 waits on condition variable 'cv11' with mtx 'm11':
// C11-NEXT: #0 worker11 {{.*}}stuck-lost-wakeup.c:29
// C11: SUMMARY: parcheck: deadlock (all threads blocked) T0 -> join T1, T1 -> cond 'cv11' [parcheck-deadlock]
