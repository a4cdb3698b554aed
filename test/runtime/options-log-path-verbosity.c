// With log_path set, everything the runtime writes about the run goes to the log: the
// verbosity=1 start-up line too, not only the reports and the exit line. stderr keeps only the
// program's own output.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.log.*
// RUN: %env_parcheck_opts=verbosity=1:log_path=%t.log.%%p %run %t 2> %t.stderr
// RUN: FileCheck %s < %t.stderr --check-prefix=STDERR --implicit-check-not="==parcheck=="
// RUN: cat %t.log.* | FileCheck %s
#include <pthread.h>
#include <stdio.h>
int main(void) {
  fprintf(stderr, "program stderr\n");
  return 0;
}
// STDERR: program stderr
// CHECK: ==parcheck== pid={{[0-9]+}}: runtime initialised ({{.*}}), symbolizer:
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 0 report(s)
