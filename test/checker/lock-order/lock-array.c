// An array of locks is one lock: 'stripes[]'. Holding a stripe while taking the
// table lock inverts the table => stripe order used elsewhere.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t stripes[8];
int slots[8], size;

void *resize(void *arg) {
  (void)arg;
  pthread_mutex_lock(&table_mu);
  for (int i = 0; i < 8; i++) {
    pthread_mutex_lock(&stripes[i]);
    slots[i] = 0;
    pthread_mutex_unlock(&stripes[i]);
  }
  pthread_mutex_unlock(&table_mu);
  return 0;
}

void *insert(void *arg) {
  long k = (long)arg;
  pthread_mutex_lock(&stripes[k % 8]);
  pthread_mutex_lock(&table_mu);
  // CHECK: lock-array.c:[[@LINE-1]]:3: warning: lock order inversion: 'table_mu' acquired while holding 'stripes[]' [parcheck-lock-order]
  // CHECK-NEXT: lock-array.c:[[@LINE-3]]:3: note: 'stripes[]' acquired here
  // CHECK-NEXT: lock-array.c:14:5: note: 'stripes[]' acquired while holding 'table_mu' in thread 'resize'
  // CHECK-NEXT: lock-array.c:12:3: note: 'table_mu' acquired here
  size++;
  pthread_mutex_unlock(&table_mu);
  pthread_mutex_unlock(&stripes[k % 8]);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, resize, 0);
  pthread_create(&t2, 0, insert, (void *)3);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
