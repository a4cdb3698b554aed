// The verbosity=2 summary's count of reused acquisition stacks adds up every thread's cache:
// one that exited before the summary (its count is kept when its cache is freed) and one still
// running at the exit (its cache is read where it is). Each of the two threads takes four new
// mutexes for the first time from one call site: the first take's stack is unwound, the other
// three reuse it (each thread has its own cache). The main thread takes no lock.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=verbosity=2 %run %t 2>&1 | FileCheck %s
// RUN: %env_parcheck_opts=verbosity=2:stack_cache=0 %run %t 2>&1 | FileCheck %s --check-prefix=NOCACHE
// CHECK: ==parcheck== acquisition stacks: 2 unwound, 6 reused
// NOCACHE: ==parcheck== acquisition stacks: 8 unwound, 0 reused
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

static pthread_mutex_t first[4], second[4];
static sem_t taken;
static int never[2];  // a pipe nobody writes: the second thread stays blocked until the exit

static void take_each(pthread_mutex_t *m) {
  for (int i = 0; i < 4; ++i) {
    pthread_mutex_lock(&m[i]);
    pthread_mutex_unlock(&m[i]);
  }
}

static void *exits(void *arg) {
  take_each(first);
  return 0;
}

static void *stays(void *arg) {
  take_each(second);
  sem_post(&taken);
  char c;
  (void)!read(never[0], &c, 1);
  return 0;
}

int main(void) {
  if (pipe(never) != 0) return 2;
  sem_init(&taken, 0, 0);
  for (int i = 0; i < 4; ++i) {
    pthread_mutex_init(&first[i], 0);
    pthread_mutex_init(&second[i], 0);
  }
  pthread_t a, b;
  pthread_create(&a, 0, exits, 0);
  pthread_join(a, 0);
  pthread_create(&b, 0, stays, 0);
  sem_wait(&taken);
  return 0;
}
