// Shared by several option tests: a lock-order inversion without a real deadlock.
#include <pthread.h>
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

static void run_abba(void) {
  pthread_t t;
  pthread_create(&t, 0, take_first_then_second, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, take_second_then_first, 0);
  pthread_join(t, 0);
}
