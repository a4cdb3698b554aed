// The inverted pair is taken in helpers, but every caller holds the gate lock
// around the call: the gate serialises them, no deadlock.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int shared;

static void take_ab(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  shared++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

static void take_ba(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  shared--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}

void *t1(void *p) {
  pthread_mutex_lock(&gate);
  take_ab();
  pthread_mutex_unlock(&gate);
  return p;
}

void *t2(void *p) {
  pthread_mutex_lock(&gate);
  take_ba();
  pthread_mutex_unlock(&gate);
  return p;
}

int main(void) {
  pthread_t x, y;
  pthread_create(&x, 0, t1, 0);
  pthread_create(&y, 0, t2, 0);
  pthread_join(x, 0);
  pthread_join(y, 0);
  return 0;
}
