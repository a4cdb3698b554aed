// A heap object whose two mutexes were set up by assignment (PTHREAD_MUTEX_INITIALIZER: no
// init or destroy call) is freed, and a new object malloc'd at the same address takes the
// same two locks in the other order: new locks, no lock-order report (the freed locks are
// forgotten). The positive control keeps the first object (no free): a real inversion.
// Threads run in turn (semaphores), not ordered by a join. malloc and free happen in the
// main thread, so glibc's tcache hands the same block back.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: %clang -g -O0 -DKEEP %s -o %t.keep -lpthread
// RUN: not %run %t.keep 2>&1 | FileCheck %s --check-prefix=KEEP
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

struct account {
  pthread_mutex_t a, b;
  long balance;
};
static struct account *obj;
static sem_t go1, done1, go2;

static void *first_order(void *arg) {
  sem_wait(&go1);
  pthread_mutex_lock(&obj->a);
  pthread_mutex_lock(&obj->b);
  obj->balance++;
  pthread_mutex_unlock(&obj->b);
  pthread_mutex_unlock(&obj->a);
  sem_post(&done1);
  return 0;
}

static void *other_order(void *arg) {
  sem_wait(&go2);
  pthread_mutex_lock(&obj->b);
  pthread_mutex_lock(&obj->a);
  obj->balance++;
  pthread_mutex_unlock(&obj->a);
  pthread_mutex_unlock(&obj->b);
  return 0;
}

static struct account *new_account(void) {
  struct account *p = malloc(sizeof *p);
  pthread_mutex_t init = PTHREAD_MUTEX_INITIALIZER;
  p->a = init;
  p->b = init;
  p->balance = 0;
  return p;
}

int main(void) {
  sem_init(&go1, 0, 0);
  sem_init(&done1, 0, 0);
  sem_init(&go2, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, 0, first_order, 0);
  pthread_create(&t2, 0, other_order, 0);
  obj = new_account();
  sem_post(&go1);
  sem_wait(&done1);
#ifndef KEEP
  void *old = obj;
  free(obj);
  obj = new_account();
  fprintf(stderr, "same address: %s\n", (void *)obj == old ? "yes" : "no");
#endif
  sem_post(&go2);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: same address: yes
// CHECK: done
// KEEP: WARNING: parcheck: lock-order-inversion
