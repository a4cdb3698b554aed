// pthread_mutex_trylock: held on the success branch only.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int done, skipped;

void *worker(void *arg) {
  (void)arg;
  if (pthread_mutex_trylock(&mu) == 0) {
    done++;
    pthread_mutex_unlock(&mu);
  } else {
    // CHECK: trylock.c:[[@LINE+1]]:5: warning: data race on 'skipped'
    skipped++;
  }
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return done + skipped;
}
