// A program thread that hits a problem does not wait while its report is symbolised: the
// symbolizer here (Inputs/gated-symbolizer.sh) answers only once the program has created the
// gate file, which main does after the reporting unlock has returned. Symbolising on the
// program's thread would block main for ever (the %run time limit ends it, exit 124); with the
// reporter thread the report is written, and counted, by the exit at the latest.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.gate %t.gate.started
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=report_thread=1:symbolizer_path=%S/Inputs/gated-symbolizer.sh %run %t %t.gate > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
  pthread_mutex_unlock(&mu);  // not held: reported
  fprintf(stderr, "unlock returned\n");
  FILE *gate = fopen(argv[1], "w");
  fclose(gate);
  return 0;
}
// CHECK: unlock returned
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T0 unlocks mutex 'mu' that it does not hold:
// CHECK-NEXT: #0 main {{.*}}reporter-no-stall.c:16
// CHECK: SUMMARY: parcheck: unlock-not-held 'mu'
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (unlock-not-held: 1);
// CHECK: exit=66
