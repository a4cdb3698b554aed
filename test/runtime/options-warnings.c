// Bad option values are not accepted silently: each is warned about on stderr, sanitizer-style,
// naming the option, the value and what is used instead. ':', ',' and whitespace all separate
// options. An unwritable log_path is warned about at start-up and reports go to stderr.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: env "PARCHECK_OPTIONS=on_deadlock=explode,stack_depth=1000 watchdog_interval_ms=0	starvation_ms=-5:exitcode=300 verbosity=1,log_path=/nonexistent-parcheck-dir/x.log" %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT (GOOD-OUT)
// prefix, before the exit summary.
// Values that are fine produce no warning:
// RUN: env "PARCHECK_OPTIONS=on_deadlock=abort, stack_depth=64 watchdog_interval_ms=100" not %run %t > %t.good 2>&1
// RUN: FileCheck %s --check-prefix=GOOD --implicit-check-not="==parcheck== WARNING" < %t.good
// RUN: FileCheck %s --check-prefix=GOOD-OUT < %t.good
#include "abba.h"
int main(void) {
  run_abba();
  fprintf(stderr, "main ran\n");
  return 0;
}
// CHECK: ==parcheck== WARNING: bad value for option 'on_deadlock': 'explode' (expected one of exit, abort, hang, continue; using 'exit')
// CHECK-NEXT: ==parcheck== WARNING: bad value for option 'stack_depth': '1000' (out of range 1..64; using 64)
// CHECK-NEXT: ==parcheck== WARNING: bad value for option 'watchdog_interval_ms': '0' (out of range 1..3600000; using 1)
// CHECK-NEXT: ==parcheck== WARNING: bad value for option 'starvation_ms': '-5' (must be >= 0; using 0)
// CHECK-NEXT: ==parcheck== WARNING: bad value for option 'exitcode': '300' (out of range 0..255; using 255)
// CHECK-NEXT: ==parcheck== WARNING: cannot write log_path '/nonexistent-parcheck-dir/x.log' (ENOENT): reports go to stderr
// CHECK-NEXT: ==parcheck== pid={{[0-9]+}}: runtime initialised
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
// CHECK: exit=255
// OUT: ==parcheck== pid={{[0-9]+}}: runtime initialised
// OUT: main ran
// OUT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
// OUT: exit=255
// GOOD: WARNING: parcheck: lock-order-inversion (potential deadlock)
// GOOD: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
// GOOD-OUT: main ran
// GOOD-OUT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
