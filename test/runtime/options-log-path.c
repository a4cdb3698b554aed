// log_path sends the text reports to a file (%p: pid) instead of stderr.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.log.*
// RUN: %env_parcheck_opts=log_path=%t.log.%%p not %run %t 2> %t.stderr
// RUN: FileCheck %s < %t.stderr --check-prefix=STDERR --implicit-check-not="WARNING: parcheck"
// RUN: cat %t.log.* | FileCheck %s
#include "abba.h"
int main(void) {
  run_abba();
  fprintf(stderr, "program stderr\n");
  return 0;
}
// STDERR: program stderr
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
