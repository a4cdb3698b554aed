// json_path writes the finding model (source "runtime", pid, program, stats); %p is the pid.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.*.json
// RUN: %env_parcheck_opts=json_path=%t.%%p.json not %run %t
// RUN: %python %S/Inputs/check_json.py %t.*.json | FileCheck %s
#include "abba.h"
int main(void) {
  run_abba();
  return 0;
}
// CHECK: tool=parcheck source=runtime pid=ok program=options-json.c.tmp
// CHECK: finding kind=lock-order check=parcheck-lock-order severity=warning source=runtime fingerprint=ok
// CHECK: locks=first_mu,second_mu threads=T1,T2
// CHECK: location role=held function=take_first_then_second line=9
// CHECK: location role=acquire function=take_first_then_second line=10
// CHECK: stats reports=1 locks_total=2 edges=2
// CHECK: lock first_mu acquisitions=2
