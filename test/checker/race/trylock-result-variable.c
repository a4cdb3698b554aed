// The trylock result kept in a variable and tested later (Butenof's pattern);
// a blocking lock whose failure is tested holds nothing on the failure branch.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
long counter, failures;

void *monitor(void *arg) {
  (void)arg;
  int status = pthread_mutex_trylock(&mu);
  if (status != EBUSY) {
    if (status != 0)
      abort();
    counter++;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}

void *worker(void *arg) {
  (void)arg;
  if (pthread_mutex_lock(&mu)) {
    // CHECK: trylock-result-variable.c:[[@LINE+1]]:5: warning: data race on 'failures'
    failures++;
    return 0;
  }
  counter++;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t a, b[2];
  pthread_create(&a, 0, monitor, 0);
  for (int i = 0; i < 2; i++)
    pthread_create(&b[i], 0, worker, 0);
  pthread_join(a, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(b[i], 0);
  return (int)counter;
}
