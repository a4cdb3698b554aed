// Reports queued or being written when the program dies by a fatal signal are printed and
// counted before it dies, and the signal's own exit status is kept (issue 9: with the reporter
// thread they were lost). Two reports are raised (a lock-order inversion, then an unlock of a
// lock not held); the reporter symbolises the first in Inputs/gated-symbolizer.sh, which waits
// for the gate, so the second is still queued. main, having seen the symbolizer start, opens
// the gate and at once dies (abort, or a write through a null pointer). Before, the handler
// wrote the summary at once and the process ended during the symbolizer run: no report
// printed (this test then fails unless main stays descheduled during a whole symbolizer run).
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.gate %t.gate.started
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=symbolizer_path=%S/Inputs/gated-symbolizer.sh:json_path=%t.json %run %t %t.gate abort > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --check-prefixes=CHECK,ABRT < %t.out
// RUN: %python -c "import json; d=json.load(open('%t.json')); print(sorted(f['kind'] for f in d['findings']))" | FileCheck %s --check-prefix=JSON
// RUN: rm -f %t.gate %t.gate.started
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=symbolizer_path=%S/Inputs/gated-symbolizer.sh %run %t %t.gate segv > %t.segv.out 2>&1 || echo "exit=$?" >> %t.segv.out
// RUN: FileCheck %s --check-prefixes=CHECK,SEGV < %t.segv.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "abba.h"

pthread_mutex_t solo = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
  char started[4096];
  snprintf(started, sizeof(started), "%s.started", argv[1]);
  run_abba();
  pthread_mutex_unlock(&solo);  // not held: a second report, queued behind the first
  while (access(started, F_OK) != 0)  // the reporter is symbolising the first report
    usleep(1000);
  fprintf(stderr, "dying\n");
  FILE *gate = fopen(argv[1], "w");
  fclose(gate);
  if (!strcmp(argv[2], "segv")) *(volatile int *)0 = 1;
  abort();
}
// CHECK: dying
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: SUMMARY: parcheck: unlock-not-held 'solo'
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 2 report(s) (lock-order: 1, unlock-not-held: 1);
// ABRT: exit=134
// SEGV: exit=139
// JSON: ['lock-order', 'unlock-not-held']
