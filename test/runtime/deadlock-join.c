// A real deadlock through a join: main holds state_mu and joins the worker, which waits for
// state_mu. The watchdog follows joins as waits (joiner -> joined thread), so the program is
// reported and exits 67 instead of hanging. Negative runs: main releases the lock before the
// join; a timed join (it ends by itself) is not a deadlock.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t; test $? -eq 67
// RUN: not %run %t 2>&1 | FileCheck %s
// RUN: %run %t unlock-first 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not="WARNING: parcheck"
// RUN: %run %t timed 2>&1 | FileCheck %s --check-prefix=TIMED --implicit-check-not="WARNING: parcheck"
#define _GNU_SOURCE  // pthread_timedjoin_np
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

pthread_mutex_t state_mu = PTHREAD_MUTEX_INITIALIZER;

// main takes state_mu before it creates the worker, so the worker always waits for it; whether
// main is already joining by then or starts afterwards, the wait-for cycle is the same.
static void *worker(void *arg) {
  pthread_mutex_lock(&state_mu);
  pthread_mutex_unlock(&state_mu);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  pthread_t t;
  pthread_mutex_lock(&state_mu);
  pthread_create(&t, 0, worker, 0);
  if (!strcmp(mode, "unlock-first")) {
    pthread_mutex_unlock(&state_mu);
    pthread_join(t, 0);
  } else if (!strcmp(mode, "timed")) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    int r = pthread_timedjoin_np(t, 0, &until);  // gives up after a second
    pthread_mutex_unlock(&state_mu);
    if (r) pthread_join(t, 0);
  } else {
    pthread_join(t, 0);  // the worker needs state_mu: waits for ever
  }
  fprintf(stderr, "done %s\n", mode);
  return 0;
}
// CHECK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle)
// CHECK-DAG: Thread T0 waits in pthread_join for thread T1 to finish:
// CHECK-DAG: #0 main {{.*}}deadlock-join.c:43
// CHECK-DAG: Thread T1 waits for mutex 'state_mu' held by thread T0:
// CHECK-DAG: #0 worker {{.*}}deadlock-join.c:22
// CHECK: SUMMARY: parcheck: deadlock
// CHECK: real deadlock: exiting with code 67 instead of hanging
// CLEAN: done unlock-first
// TIMED: done timed
