// One thread calls transfer(&A, &B), the other transfer(&B, &A): the two
// accounts' mutexes are taken in both orders.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

typedef struct {
  int balance;
  pthread_mutex_t mu;
} account;

account A, B;

void transfer(account *from, account *to, int n) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  // CHECK: same-class-callers-swap.c:[[@LINE-1]]:3: warning: lock order inversion: 'to->mu' acquired while holding 'from->mu', both 'account::mu', in the order of the arguments [parcheck-lock-order]
  // CHECK-NEXT: same-class-callers-swap.c:[[@LINE-3]]:3: note: 'from->mu' acquired here
  // CHECK-NEXT: same-class-callers-swap.c:[[@LINE-3]]:3: note: a call of 'transfer' with the objects swapped
  from->balance -= n;
  to->balance += n;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

void *t1(void *arg) {
  (void)arg;
  transfer(&A, &B, 1);
  return 0;
}

void *t2(void *arg) {
  (void)arg;
  transfer(&B, &A, 2);
  return 0;
}

int main(void) {
  pthread_t x, y;
  pthread_mutex_init(&A.mu, 0);
  pthread_mutex_init(&B.mu, 0);
  pthread_create(&x, 0, t1, 0);
  pthread_create(&y, 0, t2, 0);
  pthread_join(x, 0);
  pthread_join(y, 0);
  return 0;
}
