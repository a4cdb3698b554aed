// A report being written when the program exits is counted: the exit summary waits for it, so
// what is printed is in the exit line, the JSON and the exit status (issue 9: a watchdog report
// was printed while the exit line said "0 report(s)" and the status was 0). The watchdog's
// long-wait report is held in the symbolizer (Inputs/gated-symbolizer.sh) until main, having
// seen the symbolizer start, opens the gate and at once exits. Before, the exit summary read
// the count at once (0), and the process ended before the report was written, exit status 0:
// that fails this test unless the main thread stays descheduled during a whole symbolizer run.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.gate %t.gate.started %t.json
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=long_wait_ms=50:starvation_ms=0:json_path=%t.json:symbolizer_path=%S/Inputs/gated-symbolizer.sh %run %t %t.gate > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=JSON < %t.json
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *waiter(void *arg) {
  pthread_mutex_lock(&mu);  // held by main until the end: a long wait
  return 0;
}

int main(int argc, char **argv) {
  char started[4096];
  snprintf(started, sizeof(started), "%s.started", argv[1]);
  pthread_mutex_lock(&mu);
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  while (access(started, F_OK) != 0)  // the watchdog is writing the report
    usleep(1000);
  fprintf(stderr, "exiting\n");
  FILE *gate = fopen(argv[1], "w");
  fclose(gate);
  return 0;
}
// CHECK: exiting
// CHECK: SUMMARY: parcheck: long wait on 'mu'
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (long-wait: 1);
// CHECK: exit=66
// JSON: "findings":[{"kind":"long-wait",{{.*}}"stats":{"reports":1,
