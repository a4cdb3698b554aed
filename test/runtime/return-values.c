// Every lock call returns exactly what libc returns, for every mutex type and protocol
// (normal, error-checking, recursive; robust; priority-inheritance; priority-protect), rwlocks,
// spin locks and C11 mtx_t, for lock / trylock / timedlock / clocklock (already-expired
// timeouts, invalid timespecs and clocks), re-locks by the holder, locks held by another
// thread, foreign unlocks that libc refuses, and robust mutexes whose holder died (EOWNERDEAD,
// then ENOTRECOVERABLE). The program prints every result; it is run natively and under the
// shim and the two outputs must be identical. The native output is checked too, so the test
// cannot pass with a program that never reached these states. A lock acquired with EOWNERDEAD
// is held (its unlock is no misuse), and nothing here is reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %t > %t.native
// RUN: env PARCHECK_OPTIONS=verbosity=1 %run %t > %t.shim 2> %t.err
// RUN: diff %t.native %t.shim
// RUN: FileCheck %s < %t.native
// RUN: FileCheck %s --check-prefix=SHIM --implicit-check-not="WARNING: parcheck" < %t.err
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

static const char *err(int r) {
  static char buf[32];
  switch (r) {
  case 0: return "0";
  case EBUSY: return "EBUSY";
  case EDEADLK: return "EDEADLK";
  case EPERM: return "EPERM";
  case ETIMEDOUT: return "ETIMEDOUT";
  case EINVAL: return "EINVAL";
  case EAGAIN: return "EAGAIN";
  case EOWNERDEAD: return "EOWNERDEAD";
  case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
  }
  snprintf(buf, sizeof buf, "%d", r);
  return buf;
}
static const char *thrd(int r) {
  switch (r) {
  case thrd_success: return "thrd_success";
  case thrd_busy: return "thrd_busy";
  case thrd_error: return "thrd_error";
  case thrd_timedout: return "thrd_timedout";
  case thrd_nomem: return "thrd_nomem";
  }
  return "?";
}
#define P(what, call) printf("%s %s: %s\n", cfg, what, err(call))
// A call that should find the lock taken by the other thread: if it took it after all (the
// other thread's lock was refused), it is given back.
#define OTHER(what, call, unlock)                                                              \
  do {                                                                                         \
    int r_ = (call);                                                                           \
    printf("%s other: %s: %s\n", cfg, what, err(r_));                                          \
    if (r_ == 0) P("unlock", unlock);                                                          \
  } while (0)

static const struct timespec expired = {0, 0};  // 1970: long past on either clock
static const struct timespec badns = {0, 2000000000L};
static const struct timespec negns = {0, -1};

// Another thread holding a lock: it takes it, lets main go, and releases it when main says so.
static pthread_barrier_t bar;
enum HoldKind { kHoldMutex, kHoldRd, kHoldWr, kHoldSpin, kHoldMtx, kDie };
struct Hold { enum HoldKind k; void *lock; };
static void *holder(void *p) {
  struct Hold *h = p;
  int r = 0;
  switch (h->k) {
  case kHoldMutex: r = pthread_mutex_lock(h->lock); break;
  case kHoldRd: r = pthread_rwlock_rdlock(h->lock); break;
  case kHoldWr: r = pthread_rwlock_wrlock(h->lock); break;
  case kHoldSpin: r = pthread_spin_lock(h->lock); break;
  case kHoldMtx: r = mtx_lock(h->lock); break;
  case kDie: pthread_mutex_lock(h->lock); return 0;  // exits holding a robust mutex
  }
  printf("  (the other thread's lock: %s)\n", err(r));
  pthread_barrier_wait(&bar);  // held
  pthread_barrier_wait(&bar);  // main is done
  if (r != 0) return 0;  // (a priority-protect mutex may refuse it)
  switch (h->k) {
  case kHoldMutex: pthread_mutex_unlock(h->lock); break;
  case kHoldRd: case kHoldWr: pthread_rwlock_unlock(h->lock); break;
  case kHoldSpin: pthread_spin_unlock(h->lock); break;
  case kHoldMtx: mtx_unlock(h->lock); break;
  case kDie: break;
  }
  return 0;
}
static pthread_t hold_start(enum HoldKind k, void *lock) {
  static struct Hold h;
  h.k = k;
  h.lock = lock;
  pthread_t t;
  pthread_create(&t, 0, holder, &h);
  if (k != kDie) pthread_barrier_wait(&bar);
  return t;
}
static void hold_end(pthread_t t, enum HoldKind k) {
  if (k != kDie) pthread_barrier_wait(&bar);
  pthread_join(t, 0);
}

static int is_robust, protocol;

static void init_mutex(pthread_mutex_t *m, int type) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, type);
  if (is_robust) pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutexattr_setprotocol(&a, protocol);
  if (protocol == PTHREAD_PRIO_PROTECT)
    pthread_mutexattr_setprioceiling(&a, sched_get_priority_min(SCHED_FIFO));
  pthread_mutex_init(m, &a);
  pthread_mutexattr_destroy(&a);
}

static void mutexes(const char *proto, int type, const char *tname) {
  char cfg[96];
  snprintf(cfg, sizeof cfg, "mutex%s%s%s %s", is_robust ? " robust" : "", *proto ? " " : "", proto,
           tname);
  pthread_mutex_t m;
  init_mutex(&m, type);
  int r;

  // Free, then re-locked by the holder.
  int held = 0;
  P("lock", r = pthread_mutex_lock(&m));
  held += r == 0;
  if (type == PTHREAD_MUTEX_RECURSIVE || type == PTHREAD_MUTEX_ERRORCHECK) {
    P("relock", r = pthread_mutex_lock(&m));  // recursive: 0, error-checking: EDEADLK
    held += r == 0;
  }
  P("trylock held by self", r = pthread_mutex_trylock(&m));
  held += r == 0;
  // (A normal priority-inheritance mutex waits for the timeout's end without looking at it.)
  if (type != PTHREAD_MUTEX_NORMAL || protocol != PTHREAD_PRIO_INHERIT) {
    P("timedlock held by self, expired", r = pthread_mutex_timedlock(&m, &expired));
    held += r == 0;
  }
  P("clocklock held by self, bad clock",
    r = pthread_mutex_clocklock(&m, CLOCK_PROCESS_CPUTIME_ID, &expired));
  held += r == 0;
  while (held-- > 0) P("unlock", pthread_mutex_unlock(&m));
  // Unlocking a mutex nobody holds is misuse where libc lets it through: asked only where
  // libc refuses it.
  if (type == PTHREAD_MUTEX_ERRORCHECK || is_robust) P("unlock not held", pthread_mutex_unlock(&m));
  P("trylock", pthread_mutex_trylock(&m));
  P("unlock", pthread_mutex_unlock(&m));
  P("timedlock expired", pthread_mutex_timedlock(&m, &expired));
  P("unlock", pthread_mutex_unlock(&m));
  P("clocklock monotonic expired", pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &expired));
  P("unlock", pthread_mutex_unlock(&m));
  P("clocklock bad clock", r = pthread_mutex_clocklock(&m, CLOCK_PROCESS_CPUTIME_ID, &expired));
  if (r == 0) P("unlock", pthread_mutex_unlock(&m));
  P("timedlock bad tv_nsec", r = pthread_mutex_timedlock(&m, &badns));
  if (r == 0) P("unlock", pthread_mutex_unlock(&m));
  P("clocklock negative tv_nsec", r = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &negns));
  if (r == 0) P("unlock", pthread_mutex_unlock(&m));

  // Held by another thread.
  pthread_t t = hold_start(kHoldMutex, &m);
  OTHER("trylock", pthread_mutex_trylock(&m), pthread_mutex_unlock(&m));
  OTHER("timedlock expired", pthread_mutex_timedlock(&m, &expired), pthread_mutex_unlock(&m));
  OTHER("clocklock expired", pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &expired),
        pthread_mutex_unlock(&m));
  OTHER("timedlock bad tv_nsec", pthread_mutex_timedlock(&m, &badns), pthread_mutex_unlock(&m));
  OTHER("clocklock bad clock", pthread_mutex_clocklock(&m, CLOCK_PROCESS_CPUTIME_ID, &expired),
        pthread_mutex_unlock(&m));
  // A foreign unlock is misuse where libc lets it through; only where it refuses is it asked.
  if (type == PTHREAD_MUTEX_ERRORCHECK || is_robust)
    P("other: unlock", pthread_mutex_unlock(&m));
  hold_end(t, kHoldMutex);
  pthread_mutex_destroy(&m);

  if (!is_robust) return;
  // The holder dies: each way of acquiring gets EOWNERDEAD and holds the lock.
  const char *how[] = {"lock", "trylock", "timedlock", "clocklock"};
  for (int i = 0; i < 4; ++i) {
    init_mutex(&m, type);
    hold_end(hold_start(kDie, &m), kDie);
    char what[64];
    snprintf(what, sizeof what, "holder died: %s", how[i]);
    switch (i) {
    case 0: P(what, r = pthread_mutex_lock(&m)); break;
    case 1: P(what, r = pthread_mutex_trylock(&m)); break;
    case 2: P(what, r = pthread_mutex_timedlock(&m, &expired)); break;
    case 3: P(what, r = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &expired)); break;
    }
    if (i % 2 == 0) {  // made consistent: usable again
      P("consistent", pthread_mutex_consistent(&m));
      P("unlock", pthread_mutex_unlock(&m));
      P("lock", pthread_mutex_lock(&m));
      P("unlock", pthread_mutex_unlock(&m));
    } else {  // unlocked inconsistent: not recoverable
      P("unlock without consistent", pthread_mutex_unlock(&m));
      P("lock", pthread_mutex_lock(&m));
      P("trylock", pthread_mutex_trylock(&m));
      P("timedlock", pthread_mutex_timedlock(&m, &expired));
      P("clocklock", pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &expired));
    }
    pthread_mutex_destroy(&m);
  }
}

static void rwlocks(int kind, const char *kname) {
  char cfg[64];
  snprintf(cfg, sizeof cfg, "rwlock %s", kname);
  pthread_rwlockattr_t a;
  pthread_rwlockattr_init(&a);
  pthread_rwlockattr_setkind_np(&a, kind);
  pthread_rwlock_t l;
  pthread_rwlock_init(&l, &a);
  pthread_rwlockattr_destroy(&a);
  int r;
  P("rdlock", pthread_rwlock_rdlock(&l));
  P("rdlock again", pthread_rwlock_rdlock(&l));
  P("tryrdlock", pthread_rwlock_tryrdlock(&l));
  P("trywrlock held for read", pthread_rwlock_trywrlock(&l));
  P("timedwrlock held for read by self, expired", pthread_rwlock_timedwrlock(&l, &expired));
  for (int i = 0; i < 3; ++i) P("unlock", pthread_rwlock_unlock(&l));
  P("wrlock", pthread_rwlock_wrlock(&l));
  P("wrlock again", pthread_rwlock_wrlock(&l));
  P("rdlock held for write", pthread_rwlock_rdlock(&l));
  P("tryrdlock held for write", pthread_rwlock_tryrdlock(&l));
  P("trywrlock held for write", pthread_rwlock_trywrlock(&l));
  P("timedwrlock held by self, expired", pthread_rwlock_timedwrlock(&l, &expired));
  P("timedrdlock held by self, expired", pthread_rwlock_timedrdlock(&l, &expired));
  P("clockwrlock held by self, expired", pthread_rwlock_clockwrlock(&l, CLOCK_MONOTONIC, &expired));
  P("unlock", pthread_rwlock_unlock(&l));
  P("timedrdlock expired", pthread_rwlock_timedrdlock(&l, &expired));
  P("unlock", pthread_rwlock_unlock(&l));
  P("clockwrlock expired", pthread_rwlock_clockwrlock(&l, CLOCK_REALTIME, &expired));
  P("unlock", pthread_rwlock_unlock(&l));
  P("timedrdlock bad tv_nsec", r = pthread_rwlock_timedrdlock(&l, &badns));
  if (r == 0) P("unlock", pthread_rwlock_unlock(&l));
  P("timedwrlock negative tv_nsec", r = pthread_rwlock_timedwrlock(&l, &negns));
  if (r == 0) P("unlock", pthread_rwlock_unlock(&l));
  P("clockrdlock bad clock",
    r = pthread_rwlock_clockrdlock(&l, CLOCK_PROCESS_CPUTIME_ID, &expired));
  if (r == 0) P("unlock", pthread_rwlock_unlock(&l));
  P("clockwrlock bad clock",
    r = pthread_rwlock_clockwrlock(&l, CLOCK_PROCESS_CPUTIME_ID, &expired));
  if (r == 0) P("unlock", pthread_rwlock_unlock(&l));

  pthread_t t = hold_start(kHoldWr, &l);
  P("other writes: tryrdlock", pthread_rwlock_tryrdlock(&l));
  P("other writes: trywrlock", pthread_rwlock_trywrlock(&l));
  P("other writes: timedrdlock expired", pthread_rwlock_timedrdlock(&l, &expired));
  P("other writes: timedwrlock expired", pthread_rwlock_timedwrlock(&l, &expired));
  P("other writes: clockrdlock expired", pthread_rwlock_clockrdlock(&l, CLOCK_MONOTONIC, &expired));
  P("other writes: timedwrlock bad tv_nsec", pthread_rwlock_timedwrlock(&l, &badns));
  hold_end(t, kHoldWr);
  t = hold_start(kHoldRd, &l);
  P("other reads: tryrdlock", r = pthread_rwlock_tryrdlock(&l));
  if (r == 0) P("unlock", pthread_rwlock_unlock(&l));
  P("other reads: trywrlock", pthread_rwlock_trywrlock(&l));
  P("other reads: timedwrlock expired", pthread_rwlock_timedwrlock(&l, &expired));
  P("other reads: timedrdlock expired", r = pthread_rwlock_timedrdlock(&l, &expired));
  if (r == 0) P("unlock", pthread_rwlock_unlock(&l));
  hold_end(t, kHoldRd);
  pthread_rwlock_destroy(&l);
}

static void spinlocks(void) {
  const char *cfg = "spin";
  pthread_spinlock_t s;
  pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
  P("lock", pthread_spin_lock(&s));
  P("trylock held by self", pthread_spin_trylock(&s));
  P("unlock", pthread_spin_unlock(&s));
  P("trylock", pthread_spin_trylock(&s));
  P("unlock", pthread_spin_unlock(&s));
  pthread_t t = hold_start(kHoldSpin, (void *)&s);
  P("other: trylock", pthread_spin_trylock(&s));
  hold_end(t, kHoldSpin);
  pthread_spin_destroy(&s);
}

#define T(what, call) printf("%s %s: %s\n", cfg, what, thrd(call))
static void c11(int type, const char *cfg) {
  mtx_t m;
  int r;
  T("init", mtx_init(&m, type));
  int held = 0;
  T("lock", r = mtx_lock(&m));
  held += r == thrd_success;
  if (type & mtx_recursive) {
    T("relock", r = mtx_lock(&m));
    held += r == thrd_success;
  }
  T("trylock held by self", r = mtx_trylock(&m));
  held += r == thrd_success;
  if (type & mtx_timed) {
    T("timedlock held by self, expired", r = mtx_timedlock(&m, &expired));
    held += r == thrd_success;
  }
  while (held-- > 0) T("unlock", mtx_unlock(&m));
  if (type & mtx_timed) {
    T("timedlock expired", mtx_timedlock(&m, &expired));
    T("unlock", mtx_unlock(&m));
    T("timedlock bad tv_nsec", r = mtx_timedlock(&m, &badns));
    if (r == thrd_success) T("unlock", mtx_unlock(&m));
  }
  T("trylock", mtx_trylock(&m));
  T("unlock", mtx_unlock(&m));
  pthread_t t = hold_start(kHoldMtx, &m);
  T("other: trylock", mtx_trylock(&m));
  if (type & mtx_timed) {
    T("other: timedlock expired", mtx_timedlock(&m, &expired));
    T("other: timedlock bad tv_nsec", mtx_timedlock(&m, &badns));
  }
  hold_end(t, kHoldMtx);
  mtx_destroy(&m);
}

int main(void) {
  setvbuf(stdout, 0, _IOLBF, 0);
  pthread_barrier_init(&bar, 0, 2);
  const int types[] = {PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_RECURSIVE};
  const char *tnames[] = {"normal", "errorcheck", "recursive"};
  const int protos[] = {PTHREAD_PRIO_NONE, PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT};
  const char *pnames[] = {"", "pi", "pp"};
  for (is_robust = 0; is_robust < 2; ++is_robust)
    for (int p = 0; p < 3; ++p) {
      protocol = protos[p];
      for (int i = 0; i < 3; ++i) mutexes(pnames[p], types[i], tnames[i]);
    }
  rwlocks(PTHREAD_RWLOCK_PREFER_READER_NP, "prefer-reader");
  rwlocks(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, "prefer-writer");
  spinlocks();
  c11(mtx_plain, "mtx plain");
  c11(mtx_timed, "mtx timed");
  c11(mtx_plain | mtx_recursive, "mtx recursive");
  c11(mtx_timed | mtx_recursive, "mtx timed recursive");
  printf("done\n");
  return 0;
}
// CHECK: mutex normal other: timedlock expired: ETIMEDOUT
// CHECK: mutex errorcheck relock: EDEADLK
// CHECK: mutex errorcheck unlock not held: EPERM
// CHECK: mutex errorcheck other: unlock: EPERM
// CHECK: mutex recursive relock: 0
// CHECK: mutex pi errorcheck trylock held by self: EDEADLK
// CHECK: mutex robust normal other: unlock: EPERM
// CHECK: mutex robust normal holder died: lock: EOWNERDEAD
// CHECK-NEXT: mutex robust normal consistent: 0
// CHECK-NEXT: mutex robust normal unlock: 0
// CHECK: mutex robust normal holder died: trylock: EOWNERDEAD
// CHECK-NEXT: mutex robust normal unlock without consistent: 0
// CHECK-NEXT: mutex robust normal lock: ENOTRECOVERABLE
// CHECK-NEXT: mutex robust normal trylock: ENOTRECOVERABLE
// CHECK: mutex robust normal holder died: timedlock: EOWNERDEAD
// CHECK: mutex robust normal holder died: clocklock: EOWNERDEAD
// CHECK: mutex robust pi normal holder died: lock: EOWNERDEAD
// CHECK: mutex robust pi errorcheck holder died: clocklock: EOWNERDEAD
// CHECK-NEXT: mutex robust pi errorcheck unlock without consistent: 0
// CHECK-NEXT: mutex robust pi errorcheck lock: ENOTRECOVERABLE
// CHECK: rwlock prefer-reader wrlock again: EDEADLK
// CHECK: rwlock prefer-reader timedrdlock bad tv_nsec: EINVAL
// CHECK: rwlock prefer-writer other writes: timedwrlock expired: ETIMEDOUT
// CHECK: spin other: trylock: EBUSY
// CHECK: mtx timed other: timedlock expired: thrd_timedout
// CHECK: mtx timed other: timedlock bad tv_nsec: thrd_error
// CHECK: done
// SHIM: 0 report(s)
