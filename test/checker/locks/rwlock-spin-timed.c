// rwlock (write side), spinlock and timedlock all protect.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <time.h>

pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
pthread_spinlock_t sp;
pthread_mutex_t tm = PTHREAD_MUTEX_INITIALIZER;
int a, b, c;

void *worker(void *arg) {
  (void)arg;
  pthread_rwlock_wrlock(&rw);
  a++;
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_rdlock(&rw);
  int x = a;
  pthread_rwlock_unlock(&rw);
  pthread_spin_lock(&sp);
  b += x;
  pthread_spin_unlock(&sp);
  struct timespec ts = {0, 0};
  pthread_mutex_timedlock(&tm, &ts);
  c++;
  pthread_mutex_unlock(&tm);
  return 0;
}

int main(void) {
  pthread_spin_init(&sp, 0);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return a + b + c;
}
