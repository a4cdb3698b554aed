// The second lock is taken by a callee while the caller holds the first.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t db_mu = PTHREAD_MUTEX_INITIALIZER;
int rows, lines;

static void write_log(void) {
  pthread_mutex_lock(&log_mu);
  lines++;
  pthread_mutex_unlock(&log_mu);
}

static void insert_row(void) {
  pthread_mutex_lock(&db_mu);
  rows++;
  write_log(); // db_mu => log_mu, through the call
  pthread_mutex_unlock(&db_mu);
}

void *writer(void *arg) {
  (void)arg;
  insert_row();
  return 0;
}

void *rotator(void *arg) {
  (void)arg;
  pthread_mutex_lock(&log_mu);
  pthread_mutex_lock(&db_mu); // log_mu => db_mu
  // CHECK: through-call.c:[[@LINE-1]]:3: warning: lock order inversion: 'db_mu' acquired while holding 'log_mu' [parcheck-lock-order]
  // CHECK-NEXT: through-call.c:[[@LINE-3]]:3: note: 'log_mu' acquired here
  // CHECK-NEXT: through-call.c:10:3: note: 'log_mu' acquired while holding 'db_mu' in thread 'writer'
  // CHECK-NEXT: {{.*}}through-call.c:18:3: note: called from 'insert_row'
  // CHECK-NEXT: through-call.c:16:3: note: 'db_mu' acquired here
  lines = rows;
  pthread_mutex_unlock(&db_mu);
  pthread_mutex_unlock(&log_mu);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, writer, 0);
  pthread_create(&t2, 0, rotator, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
