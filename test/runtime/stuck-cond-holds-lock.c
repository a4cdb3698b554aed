// Every thread stuck, though no wait-for cycle: the condition waiter T1 keeps `a` while it
// waits on `cv`; the signaller T2 needs `a` before it can signal; main joins T2. The watchdog
// reports the whole process (each thread, what it waits on, who holds the lock) and exits 67.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=detect_lock_order=0 %run %t; test $? -eq 67
// RUN: %env_parcheck_opts=detect_lock_order=0 not %run %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
sem_t a_taken;
int ready;

static void *waiter(void *arg) {
  pthread_mutex_lock(&a);
  sem_post(&a_taken);
  pthread_mutex_lock(&m);
  while (!ready)
    pthread_cond_wait(&cv, &m);  // still holding `a`
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&a);
  return 0;
}

static void *signaller(void *arg) {
  sem_wait(&a_taken);
  pthread_mutex_lock(&a);  // held by the waiter for ever
  pthread_mutex_lock(&m);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&a);
  return 0;
}

int main() {
  sem_init(&a_taken, 0, 0);
  pthread_t w, s;
  pthread_create(&w, 0, waiter, 0);
  pthread_create(&s, 0, signaller, 0);
  pthread_join(s, 0);
  pthread_join(w, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// CHECK-NEXT: Thread T0 waits in pthread_join for thread T2 to finish:
// CHECK-NEXT: #0 main {{.*}}stuck-cond-holds-lock.c:43
// CHECK: Thread T1 waits on condition variable 'cv' with mutex 'm':
// CHECK-NEXT: #0 waiter {{.*}}stuck-cond-holds-lock.c:21
// CHECK: Thread T2 waits for mutex 'a' held by thread T1:
// CHECK-NEXT: #0 signaller {{.*}}stuck-cond-holds-lock.c:29
// CHECK-NEXT: 'a' was taken by T1 here:
// CHECK-NEXT: #0 waiter {{.*}}stuck-cond-holds-lock.c:17
// CHECK: SUMMARY: parcheck: deadlock (all threads blocked) T0 -> join T2, T1 -> cond 'cv', T2 -> 'a' [parcheck-deadlock]
// CHECK: real deadlock: exiting with code 67 instead of hanging
// CHECK-NOT: done
