// With log_path set, everything the runtime writes about the run goes to the log: the
// verbosity=1 start-up line and the verbosity=2 edge lines too, not only the reports and the
// exit line. stderr keeps only the program's own output.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -f %t.log.*
// RUN: %env_parcheck_opts=verbosity=1:log_path=%t.log.%%p %run %t 2> %t.stderr
// RUN: FileCheck %s < %t.stderr --check-prefix=STDERR --implicit-check-not="==parcheck=="
// RUN: cat %t.log.* | FileCheck %s
// RUN: rm -f %t.log.*
// RUN: %env_parcheck_opts=verbosity=2:log_path=%t.log.%%p %run %t 2> %t.stderr2
// RUN: FileCheck %s < %t.stderr2 --check-prefix=STDERR --implicit-check-not="==parcheck=="
// RUN: cat %t.log.* | FileCheck %s --check-prefixes=CHECK,EDGE
#include <pthread.h>
#include <stdio.h>
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  fprintf(stderr, "program stderr\n");
  return 0;
}
// STDERR: program stderr
// CHECK: ==parcheck== pid={{[0-9]+}}: runtime initialised ({{.*}}), symbolizer:
// EDGE: ==parcheck== new edge M{{[0-9]+}} => M{{[0-9]+}} in T0
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 0 report(s)
