// A helper locks the mutex it is given; the caller already holds that mutex.
// Passing another mutex is fine.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t db_mu = PTHREAD_MUTEX_INITIALIZER;
int lines;

static void append(pthread_mutex_t *m) {
  pthread_mutex_lock(m);
  lines++;
  pthread_mutex_unlock(m);
}

int main(void) {
  pthread_mutex_lock(&log_mu);
  append(&log_mu);
  // CHECK: param-lock.c:[[@LINE-1]]:3: warning: 'log_mu' acquired again by 'append' while already held [parcheck-double-lock]
  // CHECK-NEXT: param-lock.c:[[@LINE-3]]:3: note: 'log_mu' acquired here
  // CHECK-NEXT: param-lock.c:11:3: note: 'append' acquires 'log_mu' here
  append(&db_mu);
  pthread_mutex_unlock(&log_mu);
  return lines;
}
