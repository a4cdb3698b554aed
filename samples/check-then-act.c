// check-then-act: each step is locked, but the check and the act are two
// critical sections: between "is there enough money?" and "take it", another
// thread takes it. Here the check reads the balance without the lock at all, so
// it is also a data race. Expected: a race on 'balance' (parcheck, TSan); the
// balance can go negative. The fix: check and act under one lock.
#include <pthread.h>
#include <stdio.h>

static long balance = 100;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *withdraw(void *arg) {
  long amount = (long)arg;
  for (int i = 0; i < 1000; i++) {
    if (balance >= amount) { // EXPECT: race
      pthread_mutex_lock(&mu);
      balance -= amount;
      pthread_mutex_unlock(&mu);
    }
    pthread_mutex_lock(&mu);
    balance += amount;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw, (void *)60);
  pthread_create(&b, NULL, withdraw, (void *)60);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance = %ld\n", balance);
  return 0;
}
