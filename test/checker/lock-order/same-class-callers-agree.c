// Both threads call transfer(&A, &B): the arguments always come in one
// order, so the two accounts' mutexes are always taken A first.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

typedef struct {
  int balance;
  pthread_mutex_t mu;
} account;

account A, B;

void transfer(account *from, account *to, int n) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
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
  transfer(&A, &B, 2);
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
