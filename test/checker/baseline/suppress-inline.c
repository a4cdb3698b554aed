// '// parcheck-ignore(<check>): <reason>' on the line of a finding, or on the
// line before, drops it; an ignore naming another check does not.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int items[4], n;

int push_ignored_before(int v) {
  pthread_mutex_lock(&mu);
  if (n == 4)
    // parcheck-ignore(parcheck-lock-leak): the caller unlocks on failure
    return -1;
  items[n++] = v;
  pthread_mutex_unlock(&mu);
  return 0;
}

int push_ignored_same_line(int v) {
  pthread_mutex_lock(&mu);
  if (n == 4)
    return -1; // parcheck-ignore(lock-leak): short name, same line
  items[n++] = v;
  pthread_mutex_unlock(&mu);
  return 0;
}

int push_wrong_check(int v) {
  pthread_mutex_lock(&mu);
  if (n == 4)
    return -1; // parcheck-ignore(parcheck-race): not this one
  // CHECK: suppress-inline.c:[[@LINE-1]]:5: warning: 'mu' is still held when 'push_wrong_check' returns here [parcheck-lock-leak]
  items[n++] = v;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  return push_ignored_before(1) + push_ignored_same_line(2) + push_wrong_check(3);
}
