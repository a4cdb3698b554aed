// bank-transfer-ordered: fix 2 for bank-transfer-deadlock: always lock the
// account with the smaller id first, so every thread takes the two locks in one
// global order. Both tellers run at the same time. Expected: no findings.
#include <pthread.h>
#include <stdio.h>

struct account {
  int id;
  long balance;
  pthread_mutex_t mu;
};

static struct account accounts[2] = {
    {1, 1000, PTHREAD_MUTEX_INITIALIZER},
    {2, 1000, PTHREAD_MUTEX_INITIALIZER},
};

static void transfer(struct account *from, struct account *to, long amount) {
  struct account *first = from->id < to->id ? from : to;
  struct account *second = from->id < to->id ? to : from;
  pthread_mutex_lock(&first->mu);
  pthread_mutex_lock(&second->mu);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&second->mu);
  pthread_mutex_unlock(&first->mu);
}

static void *teller(void *arg) {
  int forward = arg != NULL;
  for (int i = 0; i < 1000; i++) {
    if (forward)
      transfer(&accounts[0], &accounts[1], 1);
    else
      transfer(&accounts[1], &accounts[0], 1);
  }
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, teller, (void *)1);
  pthread_create(&t2, NULL, teller, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("a = %ld, b = %ld\n", accounts[0].balance, accounts[1].balance);
  return 0;
}
