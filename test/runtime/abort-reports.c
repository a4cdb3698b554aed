// Reports are written when the program aborts (fatal signal), not only on normal exit.
// report_thread=0: the raising thread writes the report before the program goes on to abort.
// With the reporter thread (the default) a report still queued or being written when the
// signal arrives is written before the summary: fatal-signal-queued-reports.c.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=report_thread=0:json_path=%t.json not --crash %run %t 2>&1 | FileCheck %s
// RUN: %python -c "import json; d=json.load(open('%t.json')); print([f['kind'] for f in d['findings']])" | FileCheck %s --check-prefix=JSON
// With handle_signals=0 the runtime installs no handler: the report printed when the cycle was
// found stays, but the exit summary and the JSON file (written at exit) are not written.
// RUN: rm -f %t.nosig.json
// RUN: %env_parcheck_opts=report_thread=0:handle_signals=0:json_path=%t.nosig.json not --crash %run %t 2>&1 | FileCheck %s --check-prefix=NOSIG
// RUN: not test -e %t.nosig.json
#include <stdlib.h>
#include "abba.h"
int main(void) {
  run_abba();
  abort();
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
// JSON: ['lock-order']
// NOSIG: WARNING: parcheck: lock-order-inversion
// NOSIG-NOT: report(s)
