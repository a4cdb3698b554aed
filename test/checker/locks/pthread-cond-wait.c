// pthread_cond_wait returns with the mutex held.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int items;

void *consumer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  while (items == 0)
    pthread_cond_wait(&cv, &mu);
  items--;
  pthread_mutex_unlock(&mu);
  return 0;
}

void *producer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  items++;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t c, p;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(c, 0);
  pthread_join(p, 0);
  return items;
}
