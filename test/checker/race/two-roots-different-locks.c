// Two thread roots each hold a lock, but not the same one.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

long balance;
pthread_mutex_t a_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b_mu = PTHREAD_MUTEX_INITIALIZER;

void *deposit(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a_mu);
  // CHECK: two-roots-different-locks.c:[[@LINE+1]]:3: warning: data race on 'balance': write in thread 'deposit' conflicts with write in thread 'withdraw' (no lock held in common) [parcheck-race]
  balance += 10;
  pthread_mutex_unlock(&a_mu);
  return 0;
}

void *withdraw(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b_mu);
  // CHECK: two-roots-different-locks.c:[[@LINE+1]]:3: note: conflicting write in thread 'withdraw', holding 'b_mu'
  balance -= 10;
  pthread_mutex_unlock(&b_mu);
  return 0;
}

int main(void) {
  pthread_t x, y;
  pthread_create(&x, 0, deposit, 0);
  pthread_create(&y, 0, withdraw, 0);
  pthread_join(x, 0);
  pthread_join(y, 0);
  return (int)balance;
}
