// The argument-order inversion through lock wrappers: transfer() locks
// 'from' then 'to' with lock_account(); threads pass the accounts both ways.
// transfer_sorted() picks the order at run time and is fine.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};
struct account accounts[2];

static void lock_account(struct account *a) { pthread_mutex_lock(&a->mu); }
static void unlock_account(struct account *a) { pthread_mutex_unlock(&a->mu); }

void transfer(struct account *from, struct account *to, long n) {
  lock_account(from);
  lock_account(to);
  // CHECK: same-class-wrappers.c:[[@LINE-1]]:3: warning: lock order inversion: 'to->mu' acquired while holding 'from->mu', both 'account::mu', in the order of the arguments [parcheck-lock-order]
  // CHECK-NEXT: same-class-wrappers.c:[[@LINE-3]]:3: note: 'from->mu' acquired here
  from->balance -= n;
  to->balance += n;
  unlock_account(to);
  unlock_account(from);
}

void transfer_sorted(struct account *from, struct account *to, long n) {
  if (from < to) {
    lock_account(from);
    lock_account(to);
  } else {
    lock_account(to);
    lock_account(from);
  }
  from->balance -= n;
  to->balance += n;
  unlock_account(to);
  unlock_account(from);
}

void *forth(void *p) {
  transfer(&accounts[0], &accounts[1], 1);
  transfer_sorted(&accounts[0], &accounts[1], 1);
  return p;
}
void *back(void *p) {
  transfer(&accounts[1], &accounts[0], 1);
  transfer_sorted(&accounts[1], &accounts[0], 1);
  return p;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, forth, 0);
  pthread_create(&t2, 0, back, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
