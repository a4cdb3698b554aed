// C11 cnd_wait in an 'if': not a predicate loop.
// RUN: not %parcheck %s -- -std=c11 | FileCheck %s --implicit-check-not="warning:"
#include <threads.h>

mtx_t mu;
cnd_t cv;
int ready;

int waiter(void *arg) {
  (void)arg;
  mtx_lock(&mu);
  if (!ready)
    cnd_wait(&cv, &mu);
  // CHECK: c11-cnd.c:[[@LINE-1]]:5: warning: condition wait on 'cv' is not inside a loop that rechecks its predicate [parcheck-cond-wait]
  mtx_unlock(&mu);
  return 0;
}

int main(void) {
  thrd_t t;
  mtx_init(&mu, mtx_plain);
  cnd_init(&cv);
  thrd_create(&t, waiter, 0);
  mtx_lock(&mu);
  ready = 1;
  cnd_signal(&cv);
  mtx_unlock(&mu);
  thrd_join(t, 0);
  return 0;
}
