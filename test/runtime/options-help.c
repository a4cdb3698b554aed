// help=1 prints the option table (from rt_flags.inc) and exits 0 before main runs.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=help=1 %run %t 2>&1 | FileCheck %s --implicit-check-not="main ran"
// RUN: %env_parcheck_opts=no_such_option=1:exitcode=x %run %t 2>&1 | FileCheck %s --check-prefix=BAD
#include <stdio.h>
int main(void) {
  fprintf(stderr, "main ran\n");
  return 0;
}
// CHECK: Available PARCHECK_OPTIONS (name=value:name=value):
// CHECK: help bool default 0
// CHECK: json_path str default ''
// CHECK: exitcode int default 66
// CHECK: on_deadlock str default 'exit'
// CHECK: suppressions
// BAD: ==parcheck== WARNING: unknown option 'no_such_option'
// BAD: ==parcheck== WARNING: bad value for option 'exitcode': 'x'
// BAD: main ran
