// Two semaphores, each thread waiting for the other's post before it posts its own: both
// wait for ever, and main waits in the join. Reported as a stuck process, exit 67.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t; test $? -eq 67
// RUN: not %run %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t ping, pong;

static void *left(void *arg) {
  sem_wait(&ping);  // posted only by `right`, after its own wait
  sem_post(&pong);
  return 0;
}

static void *right(void *arg) {
  sem_wait(&pong);
  sem_post(&ping);
  return 0;
}

int main() {
  sem_init(&ping, 0, 0);
  sem_init(&pong, 0, 0);
  pthread_t l, r;
  pthread_create(&l, 0, left, 0);
  pthread_create(&r, 0, right, 0);
  pthread_join(l, 0);
  pthread_join(r, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// CHECK-NEXT: Thread T0 waits in pthread_join for thread T1 to finish:
// CHECK-NEXT: #0 main {{.*}}stuck-semaphores.c:30
// CHECK: Thread T1 waits in sem_wait on semaphore 'ping':
// CHECK-NEXT: #0 left {{.*}}stuck-semaphores.c:13
// CHECK: Thread T2 waits in sem_wait on semaphore 'pong':
// CHECK-NEXT: #0 right {{.*}}stuck-semaphores.c:19
// CHECK: SUMMARY: parcheck: deadlock (all threads blocked) T0 -> join T1, T1 -> sem 'ping', T2 -> sem 'pong' [parcheck-deadlock]
// CHECK: real deadlock: exiting with code 67 instead of hanging
// CHECK-NOT: done
