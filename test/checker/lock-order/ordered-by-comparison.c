// The classic fix for argument-order inversions: lock the object with the
// smaller id (or address) first. Chosen by a comparison, the order is global.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

struct account {
  int id;
  long balance;
  pthread_mutex_t mu;
};

struct account accounts[2] = {{1, 10, PTHREAD_MUTEX_INITIALIZER}, {2, 10, PTHREAD_MUTEX_INITIALIZER}};
pthread_mutex_t forks[3];

void transfer(struct account *from, struct account *to, long amount) {
  struct account *first = from->id < to->id ? from : to;
  struct account *second = from->id < to->id ? to : from;
  pthread_mutex_lock(&first->mu);
  pthread_mutex_lock(&second->mu);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&second->mu);
  pthread_mutex_unlock(&first->mu);
}

void *teller(void *arg) {
  long dir = (long)arg;
  transfer(&accounts[dir], &accounts[1 - dir], 1);
  int a = (int)dir, b = (int)(dir + 1) % 3;
  int lo = a < b ? a : b, hi = a < b ? b : a;
  pthread_mutex_lock(&forks[lo]);
  pthread_mutex_lock(&forks[hi]);
  pthread_mutex_unlock(&forks[hi]);
  pthread_mutex_unlock(&forks[lo]);
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
