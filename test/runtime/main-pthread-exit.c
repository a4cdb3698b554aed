// main may end with pthread_exit: glibc then ends the process (exit(0)) when its last thread
// exits. The runtime's own threads (the reporter, started with the first pthread_create, and
// the watchdog, started by the first blocking join) must not keep it alive: once the program's
// last thread has finished they drain what they have and exit (RuntimeThreadsLeave). Without
// that the process never ended (the %run timeout, exit 124). A report raised by the last
// thread is still printed (by the reporter, so in either order with the thread's own last
// line) and counted, and sets the exit code.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=verbosity=1 %run %t clean > %t.clean 2>&1 || echo "exit=$?" >> %t.clean
// RUN: FileCheck %s --check-prefix=CLEAN < %t.clean
// RUN: %env_parcheck_opts=verbosity=1 %run %t report > %t.report 2>&1 || echo "exit=$?" >> %t.report
// RUN: FileCheck %s --check-prefix=REPORT < %t.report
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static sem_t main_leaving;
static int report;

static void *first(void *arg) { return 0; }

static void *last(void *arg) {
  sem_wait(&main_leaving);
  if (report) pthread_mutex_unlock(&m);  // held by nobody: reported
  fprintf(stderr, "last thread done\n");
  return 0;
}

int main(int argc, char **argv) {
  report = argc > 1 && !strcmp(argv[1], "report");
  sem_init(&main_leaving, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, 0, first, 0);  // starts the reporter
  pthread_join(t1, 0);               // a blocking join: starts the watchdog
  pthread_create(&t2, 0, last, 0);
  pthread_detach(t2);
  fprintf(stderr, "main leaving\n");
  sem_post(&main_leaving);
  pthread_exit(0);
}

// CLEAN: main leaving
// CLEAN: last thread done
// CLEAN: ==parcheck== pid={{[0-9]+}} ({{.*}}): 0 report(s)
// CLEAN-NOT: exit=

// REPORT: main leaving
// REPORT-DAG: WARNING: parcheck: unlock of a lock the thread does not hold
// REPORT-DAG: last thread done
// REPORT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s)
// REPORT: exit=66
