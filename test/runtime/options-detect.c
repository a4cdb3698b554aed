// detect_lock_order=0 turns the lock-order check off; halt_on_error=1 exits after the first
// report; verbosity=1 prints start-up and exit notes; verbosity=2 lists new edges.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=detect_lock_order=0 %run %t 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=halt_on_error=1 not %run %t 2>&1 | FileCheck %s --check-prefix=HALT
// RUN: %env_parcheck_opts=verbosity=2 not %run %t 2>&1 | FileCheck %s --check-prefix=VERBOSE
#include "abba.h"
int main(void) {
  run_abba();
  fprintf(stderr, "main end\n");
  return 0;
}
// OFF: main end
// HALT: WARNING: parcheck: lock-order-inversion
// HALT-NOT: main end
// VERBOSE: ==parcheck== pid={{[0-9]+}}: runtime initialised
// VERBOSE: ==parcheck== new edge M{{[0-9]+}} => M{{[0-9]+}} in T1
// VERBOSE: ==parcheck== new edge M{{[0-9]+}} => M{{[0-9]+}} in T2
// VERBOSE: main end
