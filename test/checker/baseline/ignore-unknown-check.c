// A check name in a parcheck-ignore(...) comment that is no check is a warning naming it
// (with the nearest check), not silently a suppression of nothing. The finding stays.
// RUN: not %parcheck %s -- 2> %t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=WARN --implicit-check-not='[parcheck-ignore]' < %t.err
#include <pthread.h>

int a, b;

void *w(void *arg) {
  (void)arg;
  a++; // parcheck-ignore(rcae): misspelt
  // CHECK: ignore-unknown-check.c:[[@LINE-1]]:{{[0-9]+}}: warning: data race on 'a'
  // WARN: ignore-unknown-check.c:[[@LINE-2]]:27: warning: unknown check 'rcae' in parcheck-ignore(...); did you mean 'parcheck-race'? [parcheck-ignore]
  b++; // parcheck-ignore(lock-leak, parcheck-nope*): no check matches the glob
  // WARN: ignore-unknown-check.c:[[@LINE-1]]:38: warning: no check matches 'parcheck-nope*' in parcheck-ignore(...) [parcheck-ignore]
  // CHECK: ignore-unknown-check.c:[[@LINE-2]]:{{[0-9]+}}: warning: data race on 'b'
  return 0; // parcheck-ignore(race, lock-*): fine, real checks
}

int main(void) {
  pthread_t t[2];
  for (int k = 0; k < 2; k++)
    pthread_create(&t[k], 0, w, 0);
  return 0;
}
