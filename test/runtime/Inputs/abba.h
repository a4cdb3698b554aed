// Shared by option tests: a lock-order inversion without a real deadlock (threads in turn).
#include "in-turn.h"
#include <stdio.h>

pthread_mutex_t first_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t second_mu = PTHREAD_MUTEX_INITIALIZER;

static void *take_first_then_second(void *arg) {
  pthread_mutex_lock(&first_mu);
  pthread_mutex_lock(&second_mu);
  pthread_mutex_unlock(&second_mu);
  pthread_mutex_unlock(&first_mu);
  return 0;
}

static void *take_second_then_first(void *arg) {
  pthread_mutex_lock(&second_mu);
  pthread_mutex_lock(&first_mu);
  pthread_mutex_unlock(&first_mu);
  pthread_mutex_unlock(&second_mu);
  return 0;
}

static void run_abba(void) { RUN_IN_TURN(take_first_then_second, take_second_then_first); }
