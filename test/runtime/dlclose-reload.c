// A library with two global locks is loaded, takes them in one order, is unloaded
// (dlclose) and loaded again at the same address, where the other order is taken: new
// locks in a new object, no lock-order report. Without the dlclose (the same object stays
// loaded) the inversion is real and reported. Threads run in turn (semaphores), not ordered
// by a join. The test says whether the reload landed at the same address, which it needs.
// RUN: %clang -DLIB -g -O0 -shared -fPIC %s -o %t-lib.so
// RUN: %clang -g -O0 %s -o %t -lpthread -ldl
// RUN: %run %t %t-lib.so 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: %clang -DKEEP -g -O0 %s -o %t.keep -lpthread -ldl
// RUN: not %run %t.keep %t-lib.so 2>&1 | FileCheck %s --check-prefix=KEEP
#ifdef LIB
#include <pthread.h>
pthread_mutex_t lib_a = PTHREAD_MUTEX_INITIALIZER, lib_b = PTHREAD_MUTEX_INITIALIZER;
void lock_ab(void) {
  pthread_mutex_lock(&lib_a);
  pthread_mutex_lock(&lib_b);
  pthread_mutex_unlock(&lib_b);
  pthread_mutex_unlock(&lib_a);
}
void lock_ba(void) {
  pthread_mutex_lock(&lib_b);
  pthread_mutex_lock(&lib_a);
  pthread_mutex_unlock(&lib_a);
  pthread_mutex_unlock(&lib_b);
}
#else
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static void (*fn)(void);
static sem_t go1, done1, go2;

static void *first(void *arg) {
  sem_wait(&go1);
  fn();
  sem_post(&done1);
  return 0;
}
static void *second(void *arg) {
  sem_wait(&go2);
  fn();
  return 0;
}

int main(int argc, char **argv) {
  sem_init(&go1, 0, 0);
  sem_init(&done1, 0, 0);
  sem_init(&go2, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, 0, first, 0);
  pthread_create(&t2, 0, second, 0);
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  void *a1 = dlsym(h, "lib_a");
  fn = (void (*)(void))dlsym(h, "lock_ab");
  sem_post(&go1);
  sem_wait(&done1);
#ifndef KEEP
  dlclose(h);
  fprintf(stderr, "unloaded: %s\n", dlopen(argv[1], RTLD_NOLOAD | RTLD_NOW) ? "no" : "yes");
  h = dlopen(argv[1], RTLD_NOW);
  fprintf(stderr, "same address: %s\n", dlsym(h, "lib_a") == a1 ? "yes" : "no");
#endif
  fn = (void (*)(void))dlsym(h, "lock_ba");
  sem_post(&go2);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  fprintf(stderr, "done\n");
  return 0;
}
#endif
// CHECK: unloaded: yes
// CHECK: same address: yes
// CHECK: done
// KEEP: WARNING: parcheck: lock-order-inversion
