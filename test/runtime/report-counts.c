// Every report counts, whatever raised it (a hook on a program thread, the watchdog, an
// on_deadlock exit): for each kind, the exit line's count, the JSON findings and the exit
// status agree with what was printed, and halt_on_error exits at the first report.
// The timing kinds are made deterministic without sleeps that must be long enough: the holder
// keeps the lock until the report is in the log (it reads the log), so the wait outlasts any
// threshold; for starvation it re-takes the recursive lock meanwhile.
// Reports are written by the reporter thread (report_thread=1, the default) except in the
// halt_on_error runs, which write them on the raising thread.
//
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: rm -rf %t.d && mkdir %t.d
//
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/lo:json_path=%t.d/lo.json %run %t lo %t.d/lo >> %t.d/lo 2>&1 || echo "exit=$?" >> %t.d/lo
// RUN: FileCheck %s --check-prefix=LO < %t.d/lo
// RUN: FileCheck %s --check-prefix=LO-JSON --implicit-check-not='},{"kind"' < %t.d/lo.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/unh:json_path=%t.d/unh.json %run %t unh %t.d/unh >> %t.d/unh 2>&1 || echo "exit=$?" >> %t.d/unh
// RUN: FileCheck %s --check-prefix=UNH < %t.d/unh
// RUN: FileCheck %s --check-prefix=UNH-JSON --implicit-check-not='},{"kind"' < %t.d/unh.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/cw:json_path=%t.d/cw.json %run %t cw %t.d/cw >> %t.d/cw 2>&1 || echo "exit=$?" >> %t.d/cw
// RUN: FileCheck %s --check-prefix=CW < %t.d/cw
// RUN: FileCheck %s --check-prefix=CW-JSON --implicit-check-not='},{"kind"' < %t.d/cw.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/dbl:json_path=%t.d/dbl.json %run %t dbl %t.d/dbl >> %t.d/dbl 2>&1 || echo "exit=$?" >> %t.d/dbl
// RUN: FileCheck %s --check-prefix=DBL < %t.d/dbl
// RUN: FileCheck %s --check-prefix=DBL-JSON --implicit-check-not='},{"kind"' < %t.d/dbl.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/dl:json_path=%t.d/dl.json:detect_lock_order=0 %run %t dl %t.d/dl >> %t.d/dl 2>&1 || echo "exit=$?" >> %t.d/dl
// RUN: FileCheck %s --check-prefix=DL < %t.d/dl
// RUN: FileCheck %s --check-prefix=DL-JSON --implicit-check-not='},{"kind"' < %t.d/dl.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/st:json_path=%t.d/st.json:starvation_ms=100:starvation_min_acquisitions=5 %run %t st %t.d/st >> %t.d/st 2>&1 || echo "exit=$?" >> %t.d/st
// RUN: FileCheck %s --check-prefix=ST < %t.d/st
// RUN: FileCheck %s --check-prefix=ST-JSON --implicit-check-not='},{"kind"' < %t.d/st.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/lw:json_path=%t.d/lw.json:starvation_ms=0:long_wait_ms=100 %run %t lw %t.d/lw >> %t.d/lw 2>&1 || echo "exit=$?" >> %t.d/lw
// RUN: FileCheck %s --check-prefix=LW < %t.d/lw
// RUN: FileCheck %s --check-prefix=LW-JSON --implicit-check-not='},{"kind"' < %t.d/lw.json
// RUN: %env_parcheck_opts=report_thread=1:log_path=%t.d/lh:json_path=%t.d/lh.json:starvation_ms=0:long_hold_ms=100 %run %t lh %t.d/lh >> %t.d/lh 2>&1 || echo "exit=$?" >> %t.d/lh
// RUN: FileCheck %s --check-prefix=LH < %t.d/lh
// RUN: FileCheck %s --check-prefix=LH-JSON --implicit-check-not='},{"kind"' < %t.d/lh.json
//
// halt_on_error: the first report ends the process with exitcode, the program goes no further.
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-lo %run %t lo %t.d/h-lo >> %t.d/h-lo 2>&1 || echo "exit=$?" >> %t.d/h-lo
// RUN: FileCheck %s --check-prefixes=HALT,HALT-LO --implicit-check-not="after the report" < %t.d/h-lo
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-unh %run %t unh %t.d/h-unh >> %t.d/h-unh 2>&1 || echo "exit=$?" >> %t.d/h-unh
// RUN: FileCheck %s --check-prefixes=HALT,HALT-UNH --implicit-check-not="after the report" < %t.d/h-unh
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-cw %run %t cw %t.d/h-cw >> %t.d/h-cw 2>&1 || echo "exit=$?" >> %t.d/h-cw
// RUN: FileCheck %s --check-prefixes=HALT,HALT-CW --implicit-check-not="after the report" < %t.d/h-cw
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-dbl %run %t dbl %t.d/h-dbl >> %t.d/h-dbl 2>&1 || echo "exit=$?" >> %t.d/h-dbl
// RUN: FileCheck %s --check-prefixes=HALT,HALT-DBL --implicit-check-not="after the report" < %t.d/h-dbl
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-dl:detect_lock_order=0 %run %t dl %t.d/h-dl >> %t.d/h-dl 2>&1 || echo "exit=$?" >> %t.d/h-dl
// RUN: FileCheck %s --check-prefixes=HALT,HALT-DL --implicit-check-not="after the report" < %t.d/h-dl
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-st:starvation_ms=100:starvation_min_acquisitions=5 %run %t st %t.d/h-st >> %t.d/h-st 2>&1 || echo "exit=$?" >> %t.d/h-st
// RUN: FileCheck %s --check-prefixes=HALT,HALT-ST --implicit-check-not="after the report" < %t.d/h-st
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-lw:starvation_ms=0:long_wait_ms=100 %run %t lw %t.d/h-lw >> %t.d/h-lw 2>&1 || echo "exit=$?" >> %t.d/h-lw
// RUN: FileCheck %s --check-prefixes=HALT,HALT-LW --implicit-check-not="after the report" < %t.d/h-lw
// RUN: %env_parcheck_opts=halt_on_error=1:log_path=%t.d/h-lh:starvation_ms=0:long_hold_ms=100 %run %t lh %t.d/h-lh >> %t.d/h-lh 2>&1 || echo "exit=$?" >> %t.d/h-lh
// RUN: FileCheck %s --check-prefixes=HALT,HALT-LH --implicit-check-not="after the report" < %t.d/h-lh
#define _GNU_SOURCE  // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "in-turn.h"

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
pthread_barrier_t bar;
static const char *log_file;

// True once the runtime has written a whole report to the log.
static int reported(void) {
  FILE *f = fopen(log_file, "r");
  if (!f) return 0;
  char line[512];
  int found = 0;
  while (!found && fgets(line, sizeof(line), f)) found = strstr(line, "SUMMARY: parcheck:") != 0;
  fclose(f);
  return found;
}

static void *ab(void *arg) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}
static void *ba(void *arg) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // closes the cycle: lock-order
  fprintf(stderr, "after the report (lock-order)\n");
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 0;
}

// Real deadlock: each thread holds one lock and waits for the other's.
static void *dl1(void *arg) {
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&b);
  return 0;
}
static void *dl2(void *arg) {
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&a);
  return 0;
}

// Holds rec until the report is out; for starvation, takes it again and again meanwhile.
static void *holder(void *arg) {
  int retake = *(int *)arg;
  pthread_mutex_lock(&rec);
  pthread_barrier_wait(&bar);
  while (!reported()) {
    if (retake) {
      pthread_mutex_lock(&rec);
      pthread_mutex_unlock(&rec);
    }
    usleep(1000);
  }
  pthread_mutex_unlock(&rec);
  return 0;
}
static void *waiter(void *arg) {
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&rec);
  pthread_mutex_unlock(&rec);
  return 0;
}

int main(int argc, char **argv) {
  const char *k = argv[1];
  log_file = argv[2];
  pthread_barrier_init(&bar, 0, 2);
  if (!strcmp(k, "lo")) {
    RUN_IN_TURN(ab, ba);
  } else if (!strcmp(k, "unh")) {
    pthread_mutex_unlock(&a);  // not held
    fprintf(stderr, "after the report (unlock-not-held)\n");
  } else if (!strcmp(k, "cw")) {
    struct timespec past = {0, 0};  // already expired: returns at once
    int rc = pthread_cond_timedwait(&cv, &a, &past);  // a is not held
    fprintf(stderr, "after the report (cond-wait) rc=%s\n", rc == ETIMEDOUT ? "ETIMEDOUT" : "?");
    pthread_mutex_unlock(&a);
  } else if (!strcmp(k, "dbl")) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&a);  // self-deadlock: on_deadlock=exit ends the process
    fprintf(stderr, "after the report (double-lock)\n");
  } else if (!strcmp(k, "dl")) {
    pthread_t t1, t2;
    pthread_create(&t1, 0, dl1, 0);
    pthread_create(&t2, 0, dl2, 0);
    pthread_join(t1, 0);
    fprintf(stderr, "after the report (deadlock)\n");
  } else {
    int retake = !strcmp(k, "st");
    pthread_t h, w;
    pthread_create(&h, 0, holder, &retake);
    pthread_create(&w, 0, waiter, 0);
    pthread_join(h, 0);
    pthread_join(w, 0);
  }
  fprintf(stderr, "done\n");
  return 0;
}
// LO: SUMMARY: parcheck: lock-order-inversion
// LO: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (lock-order: 1);
// LO: exit=66
// LO-JSON: "findings":[{"kind":"lock-order",{{.*}}"stats":{"reports":1,
// UNH: SUMMARY: parcheck: unlock-not-held 'a'
// UNH: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (unlock-not-held: 1);
// UNH: exit=66
// UNH-JSON: "findings":[{"kind":"unlock-not-held",{{.*}}"stats":{"reports":1,
// CW: SUMMARY: parcheck: cond-wait 'a'
// CW: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (cond-wait: 1);
// CW: exit=66
// CW-JSON: "findings":[{"kind":"cond-wait",{{.*}}"stats":{"reports":1,
// DBL: SUMMARY: parcheck: double-lock 'a'
// DBL: self-deadlock: exiting with code 67
// DBL: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (double-lock: 1);
// DBL: exit=67
// DBL-JSON: "findings":[{"kind":"double-lock",{{.*}}"stats":{"reports":1,
// DL: SUMMARY: parcheck: deadlock
// DL: real deadlock: exiting with code 67
// DL: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (deadlock: 1);
// DL: exit=67
// DL-JSON: "findings":[{"kind":"deadlock",{{.*}}"stats":{"reports":1,
// ST: SUMMARY: parcheck: starvation on 'rec'
// ST: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (starvation: 1);
// ST: exit=66
// ST-JSON: "findings":[{"kind":"starvation",{{.*}}"stats":{"reports":1,
// LW: SUMMARY: parcheck: long wait on 'rec'
// LW: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (long-wait: 1);
// LW: exit=66
// LW-JSON: "findings":[{"kind":"long-wait",{{.*}}"stats":{"reports":1,
// LH: SUMMARY: parcheck: long hold on 'rec'
// LH: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (long-hold: 1);
// LH: exit=66
// LH-JSON: "findings":[{"kind":"long-hold",{{.*}}"stats":{"reports":1,
// HALT-LO: SUMMARY: parcheck: lock-order-inversion
// HALT-UNH: SUMMARY: parcheck: unlock-not-held
// HALT-CW: SUMMARY: parcheck: cond-wait
// HALT-DBL: SUMMARY: parcheck: double-lock
// HALT-DL: SUMMARY: parcheck: deadlock
// HALT-ST: SUMMARY: parcheck: starvation
// HALT-LW: SUMMARY: parcheck: long wait
// HALT-LH: SUMMARY: parcheck: long hold
// HALT: 1 report(s)
// HALT: exit=66
