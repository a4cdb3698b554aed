// Negative: a recursive mutex may be relocked by its holder, and an error-checking mutex
// returns EDEADLK / EPERM exactly as without the shim; neither is reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutex_t rec, chk, other;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&rec, &attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&chk, &attr);
  pthread_mutex_init(&other, 0);

  pthread_mutex_lock(&rec);
  pthread_mutex_lock(&rec);
  pthread_mutex_lock(&other);  // rec => other, taken with rec held twice
  pthread_mutex_unlock(&other);
  pthread_mutex_unlock(&rec);
  pthread_mutex_unlock(&rec);
  printf("recursive ok\n");

  pthread_mutex_lock(&chk);
  int r = pthread_mutex_lock(&chk);
  printf("errorcheck relock: %s\n", r == EDEADLK ? "EDEADLK" : "other");
  pthread_mutex_unlock(&chk);
  r = pthread_mutex_unlock(&chk);
  printf("errorcheck unlock twice: %s\n", r == EPERM ? "EPERM" : "other");
  r = pthread_mutex_trylock(&other);
  printf("trylock free: %d\n", r);
  pthread_mutex_unlock(&other);
  return 0;
}
// CHECK: recursive ok
// CHECK: errorcheck relock: EDEADLK
// CHECK: errorcheck unlock twice: EPERM
// CHECK: trylock free: 0
