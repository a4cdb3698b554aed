// A suppressions file silences findings by lock name or function ('kind:pattern', '*' globs).
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: echo "deadlock:second_mu" > %t.by-lock
// RUN: %env_parcheck_opts=suppressions=%t.by-lock %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: printf "# comment\nlock-order:take_second_*\n" > %t.by-function
// RUN: %env_parcheck_opts=suppressions=%t.by-function:verbosity=1 %run %t 2>&1 | FileCheck %s --check-prefix=COUNT --implicit-check-not="WARNING: parcheck"
// RUN: echo "starvation:second_mu" > %t.other-kind
// RUN: %env_parcheck_opts=suppressions=%t.other-kind not %run %t 2>&1 | FileCheck %s --check-prefix=OTHER
#include "abba.h"
int main(void) {
  run_abba();
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: done
// COUNT: 0 report(s), 1 suppressed
// OTHER: WARNING: parcheck: lock-order-inversion
