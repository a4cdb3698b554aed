// NOLINT, NOLINT(<checks>), NOLINTNEXTLINE(<checks>) and NOLINTBEGIN/NOLINTEND honoured on
// a finding's primary location, as clang-tidy does; a list naming other checks does not
// suppress, nor does a NOLINTBEGIN closed by an END with another list.
// RUN: not %parcheck %s -- 2> %t.err | FileCheck %s --implicit-check-not="warning:"
// RUN: FileCheck %s --check-prefix=NOTE < %t.err
// NOTE: parcheck: not shown: 6 by NOLINT or parcheck-ignore comments
#include <pthread.h>

int a, b, c, d, e, f, g, h, i2;

void *w(void *arg) {
  (void)arg;
  a++; // NOLINT
  b++; // NOLINT(parcheck-race)
  c++; // NOLINT(bugprone-*)
  // CHECK: nolint.c:[[@LINE-1]]:{{[0-9]+}}: warning: data race on 'c'
  // NOLINTNEXTLINE(parcheck-*)
  d++;
  // NOLINTNEXTLINE(parcheck-lock-order)
  e++;
  // CHECK: nolint.c:[[@LINE-1]]:{{[0-9]+}}: warning: data race on 'e'
  // NOLINTBEGIN(parcheck-race)
  f++;
  g++;
  // NOLINTEND(parcheck-race)
  // NOLINTBEGIN
  h++;
  // NOLINTEND(parcheck-race)
  // CHECK: nolint.c:[[@LINE-2]]:{{[0-9]+}}: warning: data race on 'h'
  i2++; /* NOLINT(parcheck-lock-leak, parcheck-race) */
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int k = 0; k < 2; k++)
    pthread_create(&t[k], 0, w, 0);
  return 0;
}
