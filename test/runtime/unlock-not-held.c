// Unlocking a normal mutex the thread does not hold is reported (the program's result is
// undefined, the shim still forwards the call), once per call site and lock.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t > %t.out 2>&1
// RUN: %env_parcheck_opts=detect_misuse=0 %run %t 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locker(void *arg) {
  pthread_mutex_lock(&mu);
  return 0;  // exits holding mu
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, locker, 0);
  pthread_join(t, 0);
  pthread_mutex_unlock(&mu);  // main never locked it
  for (int i = 0; i < 1000; ++i)
    pthread_mutex_unlock(&mu);  // reported once for this site, not 1000 times
  fprintf(stderr, "done\n");
  return 0;
}
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
// With report_thread=0 the raising thread writes each report before it goes on.
// RUN: %env_parcheck_opts=report_thread=0 not %run %t 2>&1 | FileCheck %s --check-prefix=SYNC
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T0 unlocks mutex 'mu' that it does not hold:
// CHECK-NEXT: #0 main {{.*}}unlock-not-held.c:20
// CHECK: SUMMARY: parcheck: unlock-not-held 'mu' [parcheck-unlock-not-held]
// CHECK: Thread T0 unlocks mutex 'mu' that it does not hold:
// CHECK-NEXT: #0 main {{.*}}unlock-not-held.c:22
// CHECK: 2 report(s) (unlock-not-held: 2)
// SYNC: SUMMARY: parcheck: unlock-not-held 'mu' [parcheck-unlock-not-held]
// SYNC: SUMMARY: parcheck: unlock-not-held 'mu' [parcheck-unlock-not-held]
// SYNC-NEXT: ==================
// SYNC-NEXT: done
// SYNC-NEXT: 2 report(s) (unlock-not-held: 2)
// OUT: done
// OUT: 2 report(s) (unlock-not-held: 2)
// OFF: done
