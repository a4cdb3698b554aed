// Holds that end behind the holder's back are forgotten, not mistaken for a self-deadlock
// (which would kill a program that runs fine): (1) a mutex left locked in a dead stack frame
// and initialised again in a new one (helgrind's tc04_free_lock), (2) a normal mutex that
// another thread unlocks (glibc allows it; reported as unlock-not-held) and its old holder
// then takes again (helgrind's tc09_bad_unlock), (3) the same for a spin lock. (4) A heap
// mutex that was never taken has no site to be named by: it is named by its address. (5) A
// mutex re-initialised by assignment (no hook sees it) while recorded as held: before a
// self-deadlock is reported, the mutex's own owner field is asked.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t reinit 2>&1 | FileCheck %s --check-prefix=REINIT --implicit-check-not="WARNING: parcheck"
// RUN: not %run %t foreign > %t.foreign 2>&1
// RUN: not %run %t spin > %t.spin 2>&1
// RUN: not %run %t never 2>&1 | FileCheck %s --check-prefix=NEVER
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void leave_locked(void) {
  pthread_mutex_t mx;
  pthread_mutex_init(&mx, 0);
  pthread_mutex_lock(&mx);  // and the frame dies with it locked
}

static void reuse_frame(void) {
  pthread_mutex_t mx;  // most likely the same address
  pthread_mutex_init(&mx, 0);
  pthread_mutex_lock(&mx);
  pthread_mutex_unlock(&mx);
  pthread_mutex_destroy(&mx);
}

pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_spinlock_t spin;

static void *unlock_it(void *arg) {
  if (arg)
    pthread_spin_unlock(&spin);
  else
    pthread_mutex_unlock(&shared_mu);  // not ours: glibc releases it anyway
  return 0;
}

static void abandon_static_init(void) {
  pthread_mutex_t mx = PTHREAD_MUTEX_INITIALIZER;  // re-initialised by assignment: no hook
  pthread_mutex_lock(&mx);
}

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "reinit")) {
    leave_locked();
    reuse_frame();
    abandon_static_init();
    abandon_static_init();  // the same slot, locked again: free, not a self-deadlock
  } else if (!strcmp(argv[1], "never")) {
    pthread_mutex_t *m = malloc(sizeof *m);
    pthread_mutex_init(m, 0);
    pthread_mutex_unlock(m);
  } else {
    int isSpin = !strcmp(argv[1], "spin");
    pthread_spin_init(&spin, 0);
    if (isSpin) pthread_spin_lock(&spin); else pthread_mutex_lock(&shared_mu);
    pthread_t t;
    pthread_create(&t, 0, unlock_it, isSpin ? (void *)1 : 0);
    pthread_join(t, 0);
    if (isSpin) pthread_spin_lock(&spin); else pthread_mutex_lock(&shared_mu);  // free again
    if (isSpin) pthread_spin_unlock(&spin); else pthread_mutex_unlock(&shared_mu);
  }
  fprintf(stderr, "done %s\n", argv[1]);
  return 0;
}
// RUN: FileCheck %s --check-prefix=FOREIGN --implicit-check-not="WARNING: parcheck" < %t.foreign
// RUN: FileCheck %s --check-prefix=FOREIGN-OUT < %t.foreign
// RUN: FileCheck %s --check-prefix=SPIN --implicit-check-not="WARNING: parcheck" < %t.spin
// RUN: FileCheck %s --check-prefix=SPIN-OUT < %t.spin
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the -OUT prefixes, before the exit summary.
// REINIT: done reinit
// FOREIGN: WARNING: parcheck: unlock of a lock the thread does not hold
// FOREIGN: #0 unlock_it {{.*}}stale-holds.c:40
// FOREIGN: 1 report(s) (unlock-not-held: 1)
// FOREIGN-OUT: done foreign
// FOREIGN-OUT: 1 report(s) (unlock-not-held: 1)
// SPIN: WARNING: parcheck: unlock of a lock the thread does not hold
// SPIN: #0 unlock_it {{.*}}stale-holds.c:38
// SPIN: 1 report(s) (unlock-not-held: 1)
// SPIN-OUT: done spin
// SPIN-OUT: 1 report(s) (unlock-not-held: 1)
// NEVER: Thread T0 unlocks mutex 'mutex at 0x{{[0-9a-f]+}}' that it does not hold:
