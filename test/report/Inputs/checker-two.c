// Two threads: a race on total (w1 unlocked, w2 holding a) and the lock order a->b
// against b->a. Line numbers are checked by test/report/html-checker.test.
#include <pthread.h>
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int counter, total;
void *w1(void *x) {
  (void)x;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  counter++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  total++;
  return 0;
}
void *w2(void *x) {
  (void)x;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  pthread_mutex_lock(&a);
  total++;
  pthread_mutex_unlock(&a);
  return 0;
}
int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, w1, 0);
  pthread_create(&t2, 0, w2, 0);
  return 0;
}
