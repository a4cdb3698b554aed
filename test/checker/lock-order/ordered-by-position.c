// The same shape where the order comes from the argument positions, not from a
// comparison: an inversion when two threads pass the accounts swapped.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct account {
  int id;
  long balance;
  pthread_mutex_t mu;
};

struct account accounts[2] = {{1, 10, PTHREAD_MUTEX_INITIALIZER}, {2, 10, PTHREAD_MUTEX_INITIALIZER}};

void transfer(struct account *from, struct account *to, long amount) {
  struct account *first = from;
  struct account *second = to;
  pthread_mutex_lock(&first->mu);
  // CHECK: ordered-by-position.c:[[@LINE+1]]:3: warning: lock order inversion: 'second->mu' acquired while holding 'first->mu', both 'account::mu', in the order of the arguments [parcheck-lock-order]
  pthread_mutex_lock(&second->mu);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&second->mu);
  pthread_mutex_unlock(&first->mu);
}

void *teller(void *arg) {
  long dir = (long)arg;
  transfer(&accounts[dir], &accounts[1 - dir], 1);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], 0, teller, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
