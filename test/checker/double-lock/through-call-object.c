// A function holding a->mu passes 'a' to a helper that locks its argument's
// mu: the same object, locked twice. Passing another object is fine.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

static void deposit(struct account *acct, long n) {
  pthread_mutex_lock(&acct->mu);
  acct->balance += n;
  pthread_mutex_unlock(&acct->mu);
}

void deposit_twice_bad(struct account *a, long n) {
  pthread_mutex_lock(&a->mu);
  deposit(a, n);
  // CHECK: through-call-object.c:[[@LINE-1]]:3: warning: 'a->mu' acquired again by 'deposit' while already held (lock 'account::mu') [parcheck-double-lock]
  // CHECK-NEXT: through-call-object.c:[[@LINE-3]]:3: note: 'a->mu' acquired here
  // CHECK-NEXT: through-call-object.c:12:3: note: 'deposit' acquires 'account::mu' here
  pthread_mutex_unlock(&a->mu);
}

void fee_to_bank(struct account *a, struct account *bank, long n) {
  pthread_mutex_lock(&a->mu);
  a->balance -= n;
  deposit(bank, n);
  pthread_mutex_unlock(&a->mu);
}

int main(void) {
  static struct account x = {PTHREAD_MUTEX_INITIALIZER, 0}, y = {PTHREAD_MUTEX_INITIALIZER, 0};
  deposit_twice_bad(&x, 1);
  fee_to_bank(&x, &y, 1);
  return 0;
}
