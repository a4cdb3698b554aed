// A lock held for a long time while another thread waits for it: long_hold_ms reports the
// holder; long_wait_ms reports the waiter; both are off by default.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=long_hold_ms=200 not %run %t 2>&1 | FileCheck %s --check-prefix=HOLD
// RUN: %env_parcheck_opts=long_wait_ms=200 not %run %t 2>&1 | FileCheck %s --check-prefix=WAIT
// RUN: %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t config_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t held;

static void *slow_holder(void *arg) {
  pthread_mutex_lock(&config_mu);
  pthread_barrier_wait(&held);
  usleep(700000);
  pthread_mutex_unlock(&config_mu);
  return 0;
}

int main(void) {
  pthread_barrier_init(&held, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, slow_holder, 0);
  pthread_barrier_wait(&held);
  pthread_mutex_lock(&config_mu);  // waits about 700 ms
  pthread_mutex_unlock(&config_mu);
  pthread_join(t, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// HOLD: WARNING: parcheck: long hold
// HOLD: Thread T0 has waited {{[0-9]+}} ms for mutex 'config_mu':
// HOLD-NEXT: #0 main {{.*}}long-hold.c:27
// HOLD: Held by: T1
// HOLD: SUMMARY: parcheck: long hold on 'config_mu' [parcheck-long-hold]
// WAIT: WARNING: parcheck: long wait
// WAIT: SUMMARY: parcheck: long wait on 'config_mu' [parcheck-long-wait]
// DEFAULT: done
