//===- rt_interceptors.cpp - pthread / C11 lock interceptors --------------===//
//
// Each interceptor is thin (compare tsan_interceptors_posix.cpp): enter the hook (or only
// forward when inside the runtime or before initialisation), call the real function, hand the
// result to the detectors, and give back libc's exact return value and errno.
//
// Blocking acquisitions first try the lock: success is the uncontended fast path (no clock
// read); on failure the thread is marked waiting, so the watchdog can see it, and the real
// blocking call is made. The lock-order check happens before either, so an AB/BA deadlock is
// reported before the threads block.
//
// Real functions are resolved with dlsym(RTLD_NEXT); dlsym may itself allocate and so reenter
// a lock interceptor (a malloc that uses pthread mutexes): such calls go to glibc's
// __pthread_* aliases. A real function that cannot be resolved is a loud fatal error.
//===----------------------------------------------------------------------===//
#include "rt_fastpath.h"
#include "rt_reporter.h"
#include "rt_runtime.h"
#include "rt_threads.h"
#include "rt_watchdog.h"

#include <atomic>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <threads.h>
#include <time.h>

using namespace parcheck;

// glibc's __pthread_* aliases exist only as compat symbols (GLIBC_2.2.5): bind to them by
// version, so that the fallback links into executables too (parcheck_instrument).
#define COMPAT(local, sym) __asm__(".symver " #local "," #sym "@GLIBC_2.2.5");
extern "C" {
int parcheck_compat_mutex_lock(pthread_mutex_t *);
int parcheck_compat_mutex_trylock(pthread_mutex_t *);
int parcheck_compat_mutex_unlock(pthread_mutex_t *);
int parcheck_compat_mutex_init(pthread_mutex_t *, const pthread_mutexattr_t *);
int parcheck_compat_mutex_destroy(pthread_mutex_t *);
int parcheck_compat_rwlock_rdlock(pthread_rwlock_t *);
int parcheck_compat_rwlock_wrlock(pthread_rwlock_t *);
int parcheck_compat_rwlock_unlock(pthread_rwlock_t *);
}
COMPAT(parcheck_compat_mutex_lock, __pthread_mutex_lock)
COMPAT(parcheck_compat_mutex_trylock, __pthread_mutex_trylock)
COMPAT(parcheck_compat_mutex_unlock, __pthread_mutex_unlock)
COMPAT(parcheck_compat_mutex_init, __pthread_mutex_init)
COMPAT(parcheck_compat_mutex_destroy, __pthread_mutex_destroy)
COMPAT(parcheck_compat_rwlock_rdlock, __pthread_rwlock_rdlock)
COMPAT(parcheck_compat_rwlock_wrlock, __pthread_rwlock_wrlock)
COMPAT(parcheck_compat_rwlock_unlock, __pthread_rwlock_unlock)
#undef COMPAT

#define INTERCEPTOR extern "C" __attribute__((visibility("default")))
#define CALLER_PC uintptr_t(__builtin_return_address(0))

// The list of real functions: name, return type, parameters, version (null: default).
#define PARCHECK_REALS(X)                                                                      \
  X(pthread_mutex_lock, int, (pthread_mutex_t *), nullptr)                                     \
  X(pthread_mutex_trylock, int, (pthread_mutex_t *), nullptr)                                  \
  X(pthread_mutex_timedlock, int, (pthread_mutex_t *, const struct timespec *), nullptr)       \
  X(pthread_mutex_clocklock, int, (pthread_mutex_t *, clockid_t, const struct timespec *),     \
    nullptr)                                                                                   \
  X(pthread_mutex_unlock, int, (pthread_mutex_t *), nullptr)                                   \
  X(pthread_mutex_init, int, (pthread_mutex_t *, const pthread_mutexattr_t *), nullptr)        \
  X(pthread_mutex_destroy, int, (pthread_mutex_t *), nullptr)                                  \
  X(pthread_rwlock_rdlock, int, (pthread_rwlock_t *), nullptr)                                 \
  X(pthread_rwlock_tryrdlock, int, (pthread_rwlock_t *), nullptr)                              \
  X(pthread_rwlock_timedrdlock, int, (pthread_rwlock_t *, const struct timespec *), nullptr)   \
  X(pthread_rwlock_clockrdlock, int, (pthread_rwlock_t *, clockid_t, const struct timespec *), \
    nullptr)                                                                                   \
  X(pthread_rwlock_wrlock, int, (pthread_rwlock_t *), nullptr)                                 \
  X(pthread_rwlock_trywrlock, int, (pthread_rwlock_t *), nullptr)                              \
  X(pthread_rwlock_timedwrlock, int, (pthread_rwlock_t *, const struct timespec *), nullptr)   \
  X(pthread_rwlock_clockwrlock, int, (pthread_rwlock_t *, clockid_t, const struct timespec *), \
    nullptr)                                                                                   \
  X(pthread_rwlock_unlock, int, (pthread_rwlock_t *), nullptr)                                 \
  X(pthread_rwlock_init, int, (pthread_rwlock_t *, const pthread_rwlockattr_t *), nullptr)     \
  X(pthread_rwlock_destroy, int, (pthread_rwlock_t *), nullptr)                                \
  X(pthread_spin_lock, int, (pthread_spinlock_t *), nullptr)                                   \
  X(pthread_spin_trylock, int, (pthread_spinlock_t *), nullptr)                                \
  X(pthread_spin_unlock, int, (pthread_spinlock_t *), nullptr)                                 \
  X(pthread_spin_init, int, (pthread_spinlock_t *, int), nullptr)                              \
  X(pthread_spin_destroy, int, (pthread_spinlock_t *), nullptr)                                \
  X(pthread_cond_wait, int, (pthread_cond_t *, pthread_mutex_t *), "GLIBC_2.3.2")              \
  X(pthread_cond_timedwait, int,                                                               \
    (pthread_cond_t *, pthread_mutex_t *, const struct timespec *), "GLIBC_2.3.2")             \
  X(pthread_cond_clockwait, int,                                                               \
    (pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *), nullptr)        \
  X(pthread_create, int, (pthread_t *, const pthread_attr_t *, void *(*)(void *), void *),     \
    nullptr)                                                                                   \
  X(pthread_join, int, (pthread_t, void **), nullptr)                                          \
  X(pthread_tryjoin_np, int, (pthread_t, void **), nullptr)                                   \
  X(pthread_timedjoin_np, int, (pthread_t, void **, const struct timespec *), nullptr)         \
  X(pthread_clockjoin_np, int, (pthread_t, void **, clockid_t, const struct timespec *),       \
    nullptr)                                                                                   \
  X(mtx_lock, int, (mtx_t *), nullptr)                                                         \
  X(mtx_trylock, int, (mtx_t *), nullptr)                                                      \
  X(mtx_timedlock, int, (mtx_t *, const struct timespec *), nullptr)                           \
  X(mtx_unlock, int, (mtx_t *), nullptr)                                                       \
  X(mtx_init, int, (mtx_t *, int), nullptr)                                                    \
  X(mtx_destroy, void, (mtx_t *), nullptr)                                                     \
  X(cnd_wait, int, (cnd_t *, mtx_t *), nullptr)                                                \
  X(thrd_create, int, (thrd_t *, thrd_start_t, void *), nullptr)                               \
  X(thrd_join, int, (thrd_t, int *), nullptr)                                                  \
  X(cnd_timedwait, int, (cnd_t *, mtx_t *, const struct timespec *), nullptr)

#define DECLARE_REAL(name, ret, params, ver) static ret(*real_##name) params;
PARCHECK_REALS(DECLARE_REAL)
#undef DECLARE_REAL

static __thread bool t_resolving __attribute__((tls_model("initial-exec")));
static std::atomic<int> g_resolve_state{0};  // 0 not started, 1 in progress, 2 done

static void ResolveReals() {
  if (g_resolve_state.load(std::memory_order_acquire) == 2 || t_resolving) return;
  int expected = 0;
  if (!g_resolve_state.compare_exchange_strong(expected, 1)) {
    while (g_resolve_state.load(std::memory_order_acquire) != 2) {
    }
    return;
  }
  t_resolving = true;
#define RESOLVE(name, ret, params, ver)                                                        \
  {                                                                                            \
    void *p = nullptr;                                                                         \
    const char *v = ver;                                                                       \
    if (v) p = dlvsym(RTLD_NEXT, #name, v);                                                    \
    if (!p) p = dlsym(RTLD_NEXT, #name);                                                       \
    real_##name = reinterpret_cast<ret(*) params>(p);                                          \
  }
  PARCHECK_REALS(RESOLVE)
#undef RESOLVE
  t_resolving = false;
  g_resolve_state.store(2, std::memory_order_release);
  SetRealPthreadCreate(real_pthread_create);
}

// REAL(f): the resolved libc function; `fallback` (may be null) while resolving recursively.
template <typename F> static F RealOr(F *slot, F fallback, const char *name) {
  if (!*slot) ResolveReals();
  if (*slot) return *slot;
  if (fallback) return fallback;
  static const char msg[] = "cannot resolve the real ";
  (void)msg;
  RtFatal(name);
}
#define REAL(name) RealOr(&real_##name, (decltype(real_##name)) nullptr, "cannot resolve " #name)
#define REAL_OR(name, fb) RealOr(&real_##name, &fb, "cannot resolve " #name)

// Set once the runtime is initialised, the real mutex lock functions are resolved and holds
// are plain (PlainHoldFor's option part): the lean mutex lock tests one flag, not three.
static bool g_mutex_lean;
// Likewise for the mutex unlock's fast path: the runtime is initialised and the real unlock
// resolved.
static bool g_mutex_unlock_fast;
// lean_look, for the lean mutex lock (MutexLockLean).
static bool g_lean_look;

__attribute__((constructor(101))) static void ParcheckInit() {
  ResolveReals();
  InitRuntime();
  g_mutex_lean = g_inited && real_pthread_mutex_lock && real_pthread_mutex_trylock && g_plain_holds;
  g_lean_look = g_flags.lean_look;
  g_mutex_unlock_fast = g_inited && real_pthread_mutex_unlock;
}

namespace {
// Whether a lock call's result means the caller now holds the lock: 0, or EOWNERDEAD from a
// robust mutex whose holder died (the caller holds it, inconsistent, until it calls
// pthread_mutex_consistent or unlocks it). mtx_t: thrd_success only.
inline bool Acquired(LockKind kind, int r) { return r == 0 || (kind == kMutex && r == EOWNERDEAD); }

// Mutexes whose trylock is no fast path for their lock (glibc keeps the protocol in
// __data.__kind):
//  * priority-protect (PTHREAD_MUTEX_PRIO_PROTECT_NP): glibc's trylock does not check the
//    priority ceiling as its lock does (a lock refused with EINVAL may be taken by a try);
//  * a robust mutex made not recoverable (__owner PTHREAD_MUTEX_NOTRECOVERABLE): glibc's
//    trylock then returns ENOTRECOVERABLE but leaves the futex word taken, after which the
//    program's own lock would wait for itself where libc alone returns ENOTRECOVERABLE.
enum NoTry { kTry, kNoTryPrioProtect, kNoTryNotRecoverable };
inline NoTry NoTryFastPath(const void *m) {
  auto *mu = static_cast<const volatile pthread_mutex_t *>(m);
  int k = mu->__data.__kind;
  if (k & kMutexPrioProtect) return kNoTryPrioProtect;
  if ((k & kMutexRobust) && mu->__data.__owner == 0x7ffffffe) return kNoTryNotRecoverable;
  return kTry;
}

// Arguments a timed call must see unchanged: libc may refuse them (EINVAL) before trying the
// lock (rwlocks always, mutexes for an unsupported clock), so the trylock fast path would take
// a lock that libc refuses. They go to the real call directly.
inline bool UnusualTimeout(clockid_t c, const struct timespec *t) {
  return (c != CLOCK_REALTIME && c != CLOCK_MONOTONIC) ||
         (t && (t->tv_nsec < 0 || t->tv_nsec >= 1000000000L));
}

// A blocking acquisition. The fast path (the try takes the lock) reads no clock and leaves
// errno alone: the hooks save errno themselves around anything that may make a system call.
// A try that took the lock (0, or EOWNERDEAD) is final: the blocking call would have taken it
// the same way. So is ENOTRECOVERABLE (the mutex became not recoverable after NoTryFastPath
// looked: glibc's try has left the futex word taken, a lock would wait for itself). Any
// other answer goes to the real blocking call, which gives its own: it may wait (EBUSY), or
// refuse differently (an error-checking mutex or an rwlock re-locked by its holder gives
// EBUSY to a try but EDEADLK to a lock). `direct` skips the try (UnusualTimeout, a mutex
// not recoverable): the real call decides at once, without a wait being marked. A
// priority-protect mutex is taken without a try, as a marked wait (counted as contended).
template <typename BlockF>
int AcquireBlocking(ThreadState *ts, LockRec *l, LockKind kind, bool read, bool timed,
                    uintptr_t pc, bool fast, bool direct, BlockF blockf);

template <typename TryF, typename BlockF>
int Acquire(ThreadState *ts, const void *addr, LockKind kind, bool read, bool timed,
            uintptr_t pc, TryF tryf, BlockF blockf, bool direct = false) {
  // fast: BeforeLock had nothing to do (rt_fastpath.h), so neither has AfterLock's search
  // for an earlier hold of the lock.
  LockRec *l = FastBeforeLock(ts, addr, kind, /*trylock=*/false, timed);
  bool fast = l != nullptr;
  if (!fast) l = BeforeLock(ts, addr, kind, read, timed, /*trylock=*/false, pc);
  bool tryFirst = !direct;
  if (tryFirst && kind == kMutex) {
    NoTry nt = NoTryFastPath(addr);
    tryFirst = nt == kTry;
    direct |= nt == kNoTryNotRecoverable;
  }
  if (tryFirst) {
    // What the try's success would record, recorded before it (rt_fastpath.h: the hold is
    // the thread's own memory, read by no other thread while this one is not blocked, and
    // signal handlers only forward while the hook runs): the critical section then holds
    // only the check for waiters. Taken back if the try fails.
    bool pre = fast && PlainHoldFor(l, read);
    WaitCounters wc;
    if (pre) {
      PushPlainHold(ts, l, pc, NoEdgeInto(false, timed));
      wc = NoteAcqWhileWaitedBefore(l);
    }
    int r = tryf();
    if (pre) {
      if (r == 0) {
        NoteAcqWhileWaitedAfter(l, wc);
        return r;
      }
      UndoPlainHold(ts, l);
    } else if (fast && r == 0) {
      FastAfterLock(ts, l, read, pc, false, timed);
      return r;
    }
    if (Acquired(kind, r) || (kind == kMutex && r == ENOTRECOVERABLE)) {
      AfterLock(ts, l, read, pc, false, Acquired(kind, r), timed);
      return r;
    }
  }
  return AcquireBlocking(ts, l, kind, read, timed, pc, fast, direct, blockf);
}

// The rest of Acquire: the real blocking call, as a marked wait unless `direct`. Out of line:
// the interceptor's own code is then only the fast path, whose prologue saves no more
// registers than it uses.
template <typename BlockF>
__attribute__((noinline)) int AcquireBlocking(ThreadState *ts, LockRec *l, LockKind kind, bool read,
                                              bool timed, uintptr_t pc, bool fast, bool direct,
                                              BlockF blockf) {
  bool contended = !direct;
  if (contended) BeginWait(ts, l, read, pc, timed);
  HookLeave();
  int r = blockf();
  ErrnoSave es;  // the errno of the real call
  HookEnter();
  if (contended) EndWait(ts, l);
  if (fast && r == 0)  // the wait changed none of this thread's holds
    FastAfterLock(ts, l, read, pc, false, timed);
  else
    AfterLock(ts, l, read, pc, false, Acquired(kind, r), timed);
  return r;
}

template <typename TryF>
int TryAcquire(ThreadState *ts, const void *addr, LockKind kind, bool read, uintptr_t pc,
               TryF tryf) {
  LockRec *l = FastBeforeLock(ts, addr, kind, /*trylock=*/true, false);
  bool fast = l != nullptr;
  if (!fast) l = BeforeLock(ts, addr, kind, read, false, /*trylock=*/true, pc);
  int r = tryf();
  if (fast && r == 0)
    FastAfterLock(ts, l, read, pc, true, false);
  else
    AfterLock(ts, l, read, pc, true, Acquired(kind, r), false);
  return r;
}

template <typename UnlockF>
int Release(ThreadState *ts, const void *addr, LockKind kind, uintptr_t pc, UnlockF f) {
  if (!FastBeforeUnlock(ts, addr)) BeforeUnlock(ts, addr, kind, pc, false);
  int r = f();
  if (HasDeferred(ts)) FinishDeferred(ts);  // work kept out of the critical section
  return r;
}

struct Hook {
  ThreadState *ts;
  Hook() : ts(HookEnter()) {}
  ~Hook() {
    if (ts) HookLeave();
  }
};

// init and destroy of every lock kind: a new lock at an address gets a new identity.
void NoteCreate(const void *addr, LockKind kind) {
  Hook h;
  if (!h.ts) return;
  ErrnoSave es;
  OnCreate(addr, kind);
}
void NoteDestroy(const void *addr) {
  Hook h;
  if (!h.ts) return;
  ErrnoSave es;
  OnDestroy(addr);
}
} // namespace

//===-- pthread_mutex ------------------------------------------------------===//

INTERCEPTOR int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) {
  auto real = REAL_OR(pthread_mutex_init, parcheck_compat_mutex_init);
  NoteCreate(m, kMutex);
  return real(m, a);
}

INTERCEPTOR int pthread_mutex_destroy(pthread_mutex_t *m) {
  auto real = REAL_OR(pthread_mutex_destroy, parcheck_compat_mutex_destroy);
  NoteDestroy(m);
  return real(m);
}

// pthread_mutex_lock and pthread_mutex_unlock (std::mutex's too) have their common case as
// one straight line in the interceptor (only the lock's record and side block live across
// the real call), and the unlock ends in a tail call; every other case goes to the general
// path (Acquire, Release), which decides it from scratch. What the fast lock records is what
// Acquire records in that case (rt_fastpath.h), and it is recorded before the real try (the
// hold is taken back if the try fails): the critical section holds only the check for
// waiters, whose line is fetched while the try runs.

// The general path, with the caller's pc.
__attribute__((noinline)) static int MutexLockSlow(pthread_mutex_t *m, uintptr_t pc) {
  auto real = REAL_OR(pthread_mutex_lock, parcheck_compat_mutex_lock);
  Hook h;
  if (!h.ts) return real(m);
  auto realTry = REAL_OR(pthread_mutex_trylock, parcheck_compat_mutex_trylock);
  return Acquire(h.ts, m, kMutex, false, false, pc, [&] { return realTry(m); },
                 [&] { return real(m); });
}

// The fast lock's try did not take the lock (r != 0): the hold it pushed is taken back, and
// the acquisition goes on as in Acquire after a failed try with FastBeforeLock passed. The
// mutex, the record and the pc are read back from that hold (so the fast path keeps no more
// of them across its call). Called inside the hook; leaves it.
__attribute__((noinline)) static int MutexLockAfterTry(int r) {
  ThreadState *ts = t_state;
  Held &h = ts->held.back();
  LockRec *l = h.lock;
  uintptr_t pc = h.pc;
  auto *m = reinterpret_cast<pthread_mutex_t *>(l->addr);
  UndoPlainHold(ts, l);
  if (Acquired(kMutex, r) || r == ENOTRECOVERABLE)
    AfterLock(ts, l, false, pc, false, Acquired(kMutex, r), false);
  else
    r = AcquireBlocking(ts, l, kMutex, false, false, pc, /*fast=*/true, /*direct=*/false,
                        [&] { return REAL_OR(pthread_mutex_lock, parcheck_compat_mutex_lock)(m); });
  HookLeave();
  return r;
}

// The fast path in full: the lock may be missing from the thread's cache, taken for the first
// time, or need the held stack to grow or another lock's batch evicted. Called inside the
// hook (t_in_rt raised); leaves it.
__attribute__((noinline)) static int MutexLockFull(pthread_mutex_t *m, uintptr_t pc) {
  ThreadState *ts = t_state;
  LockRec *l = FastBeforeLock(ts, m, kMutex, /*trylock=*/false, /*timed=*/false);
  if (__builtin_expect(l && !l->firstPc.load(std::memory_order_relaxed), 0))
    NoteFirstTake(l, pc);  // what AfterLock would do first, done before the lock
  if (__builtin_expect(!l || NoTryFastPath(m) != kTry || !PlainHoldFor(l, false), 0)) {
    t_in_rt--;
    return MutexLockSlow(m, pc);
  }
  PushPlainHold(ts, l, pc, false);
  WaitCounters wc = NoteAcqWhileWaitedBefore(l);
  int r = REAL_OR(pthread_mutex_trylock, parcheck_compat_mutex_trylock)(m);
  if (__builtin_expect(r != 0, 0)) return MutexLockAfterTry(r);
  NoteAcqWhileWaitedAfter(l, wc);
  t_in_rt--;
  return 0;
}

// Before the runtime is ready, inside it, or with holds that are not plain: the general path,
// or the full fast path.
__attribute__((noinline)) static int MutexLockEntry(pthread_mutex_t *m, uintptr_t pc) {
  if (!real_pthread_mutex_trylock || !t_state || t_in_rt || !g_inited) return MutexLockSlow(m, pc);
  t_in_rt++;
  return MutexLockFull(m, pc);
}

// The lean case first (LeanBeforeLock: nothing in it calls out, so the interceptor keeps
// only the record and the mutex across the real try), then MutexLockFull. The lean case is a
// plain mutex's (CountersInMutex, one test of its kind: its wait counters are its own words,
// on the line the try takes); a robust, priority-inheritance, priority-protect or
// process-shared mutex, or another kind's record at this address, takes the full path, which
// tells them apart (NoTryFastPath, PlainHoldFor).
// Whether another thread holds the plain mutex m now, read on the line the lock call takes
// anyway (glibc's own lock reads the mutex's kind there first): its try would fail (EBUSY),
// and is not made. A failed try is a locked compare-exchange, which takes the line from the
// holder's core in the middle of its critical section, before the real lock call that follows
// takes it again (hot-pinned, 21 rounds: 1.56x with the try, 1.48x with the look; docs/
// runtime.md). The holder's own re-lock (recursive, error-checking) goes to the try as
// before: glibc records the owner before its lock call returns. A holder that lets go just
// after the look is the same race as a try that fails just before the release: the wait is
// marked, and the real call takes the lock at once.
static inline __attribute__((always_inline)) bool HeldByAnother(const pthread_mutex_t *m,
                                                               pid_t self) {
  const volatile pthread_mutex_t *v = m;
  return v->__data.__lock != 0 && v->__data.__owner != self;
}

// The lean lock's blocking call failed (r != 0; a plain mutex's lock fails only on a misuse
// glibc detects): the hold pushed before it is taken back, and AfterLock records the failure.
// Inside the hook; leaves it.
__attribute__((noinline)) static int MutexLockAfterCall(int r) {
  ThreadState *ts = t_state;
  Held &h = ts->held.back();
  LockRec *l = h.lock;
  uintptr_t pc = h.pc;
  UndoPlainHold(ts, l);
  AfterLock(ts, l, false, pc, false, Acquired(kMutex, r), false);
  HookLeave();
  return r;
}

// lean_look=0: the lean lock's real call is made at once, with no look and no try, whether
// the mutex is free or not (the cheapest lock: nothing touches the mutex's line before glibc's
// own compare-exchange; docs/runtime.md, twenty-third session). A call that blocks is not
// marked as a wait. The call is marked for the watchdog instead (ThreadState::lockCall: three
// stores to the thread's own state), which sees a call that blocks, on a mutex another thread
// owns, as a wait from its next look on: deadlocks, long waits and starvation (counted from
// that look); once the wait has ended, the statistics count it, timed between the watchdog's
// first and last look at it (NoteLockCalls, rt_waits.cpp). A re-lock by the holder
// does not come here: LeanBeforeLock passes only a mutex the thread's holds do not show.
// Inside the hook; leaves it.
static inline __attribute__((always_inline)) int MutexLockCall(ThreadState *ts, pthread_mutex_t *m,
                                                               LockRec *l, uintptr_t pc) {
  ts->lockCalls.store(ts->lockCalls.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  ts->lockCallPc.store(pc, std::memory_order_relaxed);
  ts->lockCall.store(l, std::memory_order_release);
  int r = real_pthread_mutex_lock(m);
  ts->lockCall.store(nullptr, std::memory_order_relaxed);
  if (__builtin_expect(r != 0, 0)) return MutexLockAfterCall(r);
  CountIfWaited(MutexWaitCounters(m), true);
  t_in_rt--;
  return 0;
}

// The lean lock once LeanBeforeLock passed (inside the hook; leaves it).
static inline __attribute__((always_inline)) int MutexLockLean(ThreadState *ts, pthread_mutex_t *m,
                                                               LockRec *l, uintptr_t pc) {
  auto realTry = real_pthread_mutex_trylock;
  PushLeanHold(ts, l, pc);
  if (__builtin_expect(!g_lean_look, 0)) return MutexLockCall(ts, m, l, pc);
  int r = HeldByAnother(m, ts->osTid) ? EBUSY : realTry(m);
  if (__builtin_expect(r != 0, 0)) return MutexLockAfterTry(r);
  CountIfWaited(MutexWaitCounters(m), true);
  t_in_rt--;
  return 0;
}

// The lean case for a mutex the look-up cache missed or whose batch was evicted, or with
// other locks held (LeanBeforeLock<true>), else the full fast path. Inside the hook; leaves
// it.
__attribute__((noinline)) static int MutexLockRefill(pthread_mutex_t *m, uintptr_t pc) {
  ThreadState *ts = t_state;
  LockRec *l = LeanBeforeLock<true>(ts, m);
  if (__builtin_expect(!l || !CountersInMutex(l->kind, m), 0)) return MutexLockFull(m, pc);
  return MutexLockLean(ts, m, l, pc);
}

INTERCEPTOR int pthread_mutex_lock(pthread_mutex_t *m) {
  ThreadState *ts = t_state;
  if (__builtin_expect(!ts || t_in_rt || !g_mutex_lean, 0)) return MutexLockEntry(m, CALLER_PC);
  t_in_rt++;  // HookEnter (a lookup may allocate and unmap)
  LockRec *l = LeanBeforeLock(ts, m);
  if (__builtin_expect(!l || !CountersInMutex(l->kind, m), 0)) return MutexLockRefill(m, CALLER_PC);
  return MutexLockLean(ts, m, l, CALLER_PC);
}

INTERCEPTOR int pthread_mutex_trylock(pthread_mutex_t *m) {
  auto real = REAL_OR(pthread_mutex_trylock, parcheck_compat_mutex_trylock);
  Hook h;
  if (!h.ts) return real(m);
  return TryAcquire(h.ts, m, kMutex, false, CALLER_PC, [&] { return real(m); });
}

INTERCEPTOR int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t) {
  auto real = REAL(pthread_mutex_timedlock);
  Hook h;
  if (!h.ts) return real(m, t);
  auto realTry = REAL_OR(pthread_mutex_trylock, parcheck_compat_mutex_trylock);
  return Acquire(h.ts, m, kMutex, false, true, CALLER_PC, [&] { return realTry(m); },
                 [&] { return real(m, t); }, UnusualTimeout(CLOCK_REALTIME, t));
}

INTERCEPTOR int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t c,
                                        const struct timespec *t) {
  auto real = REAL(pthread_mutex_clocklock);
  Hook h;
  if (!h.ts) return real(m, c, t);
  auto realTry = REAL_OR(pthread_mutex_trylock, parcheck_compat_mutex_trylock);
  return Acquire(h.ts, m, kMutex, false, true, CALLER_PC, [&] { return realTry(m); },
                 [&] { return real(m, c, t); }, UnusualTimeout(c, t));
}

__attribute__((noinline)) static int MutexUnlockSlow(pthread_mutex_t *m, uintptr_t pc) {
  auto real = REAL_OR(pthread_mutex_unlock, parcheck_compat_mutex_unlock);
  Hook h;
  if (!h.ts) return real(m);
  return Release(h.ts, m, kMutex, pc, [&] { return real(m); });
}

// Release's common case: no deferred work waits for this unlock and FastBeforeUnlock forgets
// the hold (inside the hook: a signal handler's own locks must not move the held stack under
// it); the real unlock is then the last call.
INTERCEPTOR int pthread_mutex_unlock(pthread_mutex_t *m) {
  auto real = real_pthread_mutex_unlock;
  ThreadState *ts = t_state;
  if (__builtin_expect(!g_mutex_unlock_fast || !ts || t_in_rt || HasDeferred(ts), 0))
    return MutexUnlockSlow(m, CALLER_PC);
  t_in_rt++;
  bool done = FastBeforeUnlock(ts, m);
  t_in_rt--;
  if (__builtin_expect(!done, 0)) return MutexUnlockSlow(m, CALLER_PC);
  return real(m);
}

//===-- pthread_rwlock -----------------------------------------------------===//

INTERCEPTOR int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a) {
  auto real = REAL(pthread_rwlock_init);
  NoteCreate(l, kRwLock);
  return real(l, a);
}

INTERCEPTOR int pthread_rwlock_destroy(pthread_rwlock_t *l) {
  auto real = REAL(pthread_rwlock_destroy);
  NoteDestroy(l);
  return real(l);
}

#define RW_ACQUIRE(read, timed, call, direct)                                                  \
  Hook h;                                                                                      \
  if (!h.ts) return call;                                                                      \
  auto realTry = read ? REAL(pthread_rwlock_tryrdlock) : REAL(pthread_rwlock_trywrlock);       \
  return Acquire(h.ts, l, kRwLock, read, timed, CALLER_PC, [&] { return realTry(l); },  \
                 [&] { return call; }, direct);

INTERCEPTOR int pthread_rwlock_rdlock(pthread_rwlock_t *l) {
  auto real = REAL_OR(pthread_rwlock_rdlock, parcheck_compat_rwlock_rdlock);
  RW_ACQUIRE(true, false, real(l), false)
}
INTERCEPTOR int pthread_rwlock_wrlock(pthread_rwlock_t *l) {
  auto real = REAL_OR(pthread_rwlock_wrlock, parcheck_compat_rwlock_wrlock);
  RW_ACQUIRE(false, false, real(l), false)
}
INTERCEPTOR int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *t) {
  auto real = REAL(pthread_rwlock_timedrdlock);
  RW_ACQUIRE(true, true, real(l, t), UnusualTimeout(CLOCK_REALTIME, t))
}
INTERCEPTOR int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *t) {
  auto real = REAL(pthread_rwlock_timedwrlock);
  RW_ACQUIRE(false, true, real(l, t), UnusualTimeout(CLOCK_REALTIME, t))
}
INTERCEPTOR int pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t c,
                                           const struct timespec *t) {
  auto real = REAL(pthread_rwlock_clockrdlock);
  RW_ACQUIRE(true, true, real(l, c, t), UnusualTimeout(c, t))
}
INTERCEPTOR int pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t c,
                                           const struct timespec *t) {
  auto real = REAL(pthread_rwlock_clockwrlock);
  RW_ACQUIRE(false, true, real(l, c, t), UnusualTimeout(c, t))
}
INTERCEPTOR int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) {
  auto real = REAL(pthread_rwlock_tryrdlock);
  Hook h;
  if (!h.ts) return real(l);
  return TryAcquire(h.ts, l, kRwLock, true, CALLER_PC, [&] { return real(l); });
}
INTERCEPTOR int pthread_rwlock_trywrlock(pthread_rwlock_t *l) {
  auto real = REAL(pthread_rwlock_trywrlock);
  Hook h;
  if (!h.ts) return real(l);
  return TryAcquire(h.ts, l, kRwLock, false, CALLER_PC, [&] { return real(l); });
}
INTERCEPTOR int pthread_rwlock_unlock(pthread_rwlock_t *l) {
  auto real = REAL_OR(pthread_rwlock_unlock, parcheck_compat_rwlock_unlock);
  Hook h;
  if (!h.ts) return real(l);
  return Release(h.ts, l, kRwLock, CALLER_PC, [&] { return real(l); });
}

//===-- pthread_spin -------------------------------------------------------===//

int parcheck::SpinFreeWord() {
  static std::atomic<int> word{-1};  // -1: not read yet (no libc uses it for a free lock)
  int w = word.load(std::memory_order_relaxed);
  if (w == -1) {
    pthread_spinlock_t probe;
    REAL(pthread_spin_init)(&probe, PTHREAD_PROCESS_PRIVATE);
    w = *reinterpret_cast<volatile int *>(&probe);
    word.store(w, std::memory_order_relaxed);
  }
  return w;
}

INTERCEPTOR int pthread_spin_init(pthread_spinlock_t *l, int pshared) {
  auto real = REAL(pthread_spin_init);
  NoteCreate((const void *)(uintptr_t)(l), kSpin);
  return real(l, pshared);
}
INTERCEPTOR int pthread_spin_destroy(pthread_spinlock_t *l) {
  auto real = REAL(pthread_spin_destroy);
  NoteDestroy((const void *)(uintptr_t)(l));
  return real(l);
}
INTERCEPTOR int pthread_spin_lock(pthread_spinlock_t *l) {
  auto real = REAL(pthread_spin_lock);
  Hook h;
  if (!h.ts) return real(l);
  auto realTry = REAL(pthread_spin_trylock);
  return Acquire(h.ts, (const void *)(uintptr_t)(l), kSpin, false, false, CALLER_PC,
                 [&] { return realTry(l); }, [&] { return real(l); });
}
INTERCEPTOR int pthread_spin_trylock(pthread_spinlock_t *l) {
  auto real = REAL(pthread_spin_trylock);
  Hook h;
  if (!h.ts) return real(l);
  return TryAcquire(h.ts, (const void *)(uintptr_t)(l), kSpin, false, CALLER_PC,
                    [&] { return real(l); });
}
INTERCEPTOR int pthread_spin_unlock(pthread_spinlock_t *l) {
  auto real = REAL(pthread_spin_unlock);
  Hook h;
  if (!h.ts) return real(l);
  return Release(h.ts, (const void *)(uintptr_t)(l), kSpin, CALLER_PC,
                 [&] { return real(l); });
}

//===-- condition variables: release and reacquire -------------------------===//
//
// A condition wait is also a wait the stuck-process check counts (BeginObjectWait); a timed
// one is marked timed and never counts. pthread_cond_wait is a cancellation point: glibc
// re-takes the mutex and then runs the cleanup handlers, the innermost (ours) first, so the
// thread is recorded as holding the mutex again before the program's handler unlocks it.

namespace {
struct CondCancel {
  ThreadState *ts;
  LockRec *l;
  uintptr_t pc;
};
void OnCondWaitCancelled(void *p) {
  CondCancel *c = static_cast<CondCancel *>(p);
  ErrnoSave es;
  t_in_rt++;
  EndObjectWait(c->ts);
  AfterCondWait(c->ts, c->l, c->pc);
  t_in_rt--;
}
} // namespace

template <typename F>
static int CondWait(const void *c, const void *m, LockKind kind, bool timed, uintptr_t pc,
                    F f) {
  Hook h;
  if (!h.ts) return f();
  LockRec *l = BeforeUnlock(h.ts, m, kind, pc, true);
  BeginObjectWait(h.ts, WaitKind::kCond, c, m, pc, timed, /*external=*/false);
  HookLeave();
  int r;
  CondCancel cc = {h.ts, l, pc};
  pthread_cleanup_push(OnCondWaitCancelled, &cc);
  r = f();
  pthread_cleanup_pop(0);
  ErrnoSave es;
  HookEnter();
  EndObjectWait(h.ts);
  AfterCondWait(h.ts, l, pc);
  return r;
}

INTERCEPTOR int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  auto real = REAL(pthread_cond_wait);
  return CondWait(c, m, kMutex, false, CALLER_PC, [&] { return real(c, m); });
}
INTERCEPTOR int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                       const struct timespec *t) {
  auto real = REAL(pthread_cond_timedwait);
  return CondWait(c, m, kMutex, true, CALLER_PC, [&] { return real(c, m, t); });
}
INTERCEPTOR int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t k,
                                       const struct timespec *t) {
  auto real = REAL(pthread_cond_clockwait);
  return CondWait(c, m, kMutex, true, CALLER_PC, [&] { return real(c, m, k, t); });
}

//===-- threads ------------------------------------------------------------===//

// main is called through CallEntry, as every thread's start routine is (ThreadTrampoline), so
// that the main thread's stacks end at main (rt_stack.h). Only the program's own call from
// _start comes here; the real function does the rest unchanged.
static int (*g_main)(int, char **, char **);
static int MainThroughEntry(int argc, char **argv, char **envp) {
  return int(intptr_t(CallEntry(reinterpret_cast<void *>(g_main),
                                reinterpret_cast<void *>(intptr_t(argc)), argv, envp)));
}
INTERCEPTOR int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
                                  void (*init)(void), void (*fini)(void),
                                  void (*rtld_fini)(void), void *stackEnd) {
  using StartMain = int (*)(int (*)(int, char **, char **), int, char **, void (*)(void),
                            void (*)(void), void (*)(void), void *);
  auto real = reinterpret_cast<StartMain>(dlsym(RTLD_NEXT, "__libc_start_main"));
  if (!real) RtFatal("cannot resolve __libc_start_main");
  g_main = main;
  return real(main ? MainThroughEntry : main, argc, argv, init, fini, rtld_fini, stackEnd);
}

INTERCEPTOR int pthread_create(pthread_t *th, const pthread_attr_t *attr,
                               void *(*fn)(void *), void *arg) {
  auto real = REAL(pthread_create);
  void *t;
  uint32_t tid;
  {
    Hook h;
    if (!h.ts) return real(th, attr, fn, arg);
    StartReporterEarly();
    t = ThreadTrampolineArg(fn, arg, CALLER_PC, &tid);
  }
  int r = real(th, attr, ThreadTrampoline, t);
  if (r != 0) {
    FreeTrampolineArg(t);
    return r;
  }
  Hook h;
  if (h.ts) {
    OnThreadCreated(tid, *th);
    // With lean_look=0, from the second thread on a lean mutex lock may block in an unmarked
    // call (MutexLockCall), which only the watchdog's looks see.
    if (!g_lean_look) StartWatchdog();
  }
  return r;
}

// A successful join orders everything the joined thread did before what the joiner does next
// (a lock-order cycle split by a join is not a potential deadlock).
// A blocking join is also a wait the watchdog follows (joiner -> joined thread).
template <typename F>
static int Join(pthread_t th, uintptr_t pc, bool blocks, bool timed, F f) {
  {
    Hook h;
    if (h.ts && blocks) BeforeJoin(h.ts, th, pc, timed);
  }
  int r = f();
  ErrnoSave es;
  Hook h;
  if (h.ts) {
    if (blocks) AfterJoin(h.ts);
    if (r == 0) OnThreadJoined(h.ts, th);
  }
  return r;
}

INTERCEPTOR int pthread_join(pthread_t th, void **ret) {
  auto real = REAL(pthread_join);
  return Join(th, CALLER_PC, true, false, [&] { return real(th, ret); });
}
INTERCEPTOR int pthread_tryjoin_np(pthread_t th, void **ret) {
  auto real = REAL(pthread_tryjoin_np);
  return Join(th, CALLER_PC, false, false, [&] { return real(th, ret); });
}
INTERCEPTOR int pthread_timedjoin_np(pthread_t th, void **ret, const struct timespec *t) {
  auto real = REAL(pthread_timedjoin_np);
  return Join(th, CALLER_PC, true, true, [&] { return real(th, ret, t); });
}
INTERCEPTOR int pthread_clockjoin_np(pthread_t th, void **ret, clockid_t c,
                                     const struct timespec *t) {
  auto real = REAL(pthread_clockjoin_np);
  return Join(th, CALLER_PC, true, true, [&] { return real(th, ret, c, t); });
}

//===-- C11 threads (separate symbols on glibc; they do not go through the above) ===//

// thrd_create and thrd_join, as pthread_create and pthread_join: glibc's thrd_create calls
// its pthread_create internally, not through the interceptor, so without these a C11 thread
// was a thread never seen created (no creation stack, no T<n> in creation order) and never
// joined (a lock-order cycle split by thrd_join was reported as a potential deadlock).
static int ThreadTrampolineC11(void *p) { return int(intptr_t(ThreadTrampoline(p))); }

INTERCEPTOR int thrd_create(thrd_t *th, thrd_start_t fn, void *arg) {
  auto real = REAL(thrd_create);
  void *t;
  uint32_t tid;
  {
    Hook h;
    if (!h.ts) return real(th, fn, arg);
    StartReporterEarly();
    // The start routine returns int: ThreadTrampoline calls it through CallEntry, whose
    // result register ThreadTrampolineC11 gives back as the int.
    t = ThreadTrampolineArg(reinterpret_cast<void *(*)(void *)>(reinterpret_cast<uintptr_t>(fn)),
                            arg, CALLER_PC, &tid);
  }
  int r = real(th, ThreadTrampolineC11, t);
  if (r != thrd_success) {
    FreeTrampolineArg(t);
    return r;
  }
  Hook h;
  if (h.ts) OnThreadCreated(tid, pthread_t(*th));
  return r;
}

static_assert(thrd_success == 0, "Join takes 0 for a successful join");
INTERCEPTOR int thrd_join(thrd_t th, int *res) {
  auto real = REAL(thrd_join);
  return Join(pthread_t(th), CALLER_PC, true, false, [&] { return real(th, res); });
}

INTERCEPTOR int mtx_init(mtx_t *m, int type) {
  auto real = REAL(mtx_init);
  NoteCreate(m, kMtx);
  return real(m, type);
}
INTERCEPTOR void mtx_destroy(mtx_t *m) {
  auto real = REAL(mtx_destroy);
  NoteDestroy(m);
  real(m);
}
INTERCEPTOR int mtx_lock(mtx_t *m) {
  auto real = REAL(mtx_lock);
  Hook h;
  if (!h.ts) return real(m);
  auto realTry = REAL(mtx_trylock);
  return Acquire(h.ts, m, kMtx, false, false, CALLER_PC, [&] { return realTry(m); },
                 [&] { return real(m); });
}
INTERCEPTOR int mtx_timedlock(mtx_t *m, const struct timespec *t) {
  auto real = REAL(mtx_timedlock);
  Hook h;
  if (!h.ts) return real(m, t);
  auto realTry = REAL(mtx_trylock);
  return Acquire(h.ts, m, kMtx, false, true, CALLER_PC, [&] { return realTry(m); },
                 [&] { return real(m, t); }, UnusualTimeout(CLOCK_REALTIME, t));
}
INTERCEPTOR int mtx_trylock(mtx_t *m) {
  auto real = REAL(mtx_trylock);
  Hook h;
  if (!h.ts) return real(m);
  return TryAcquire(h.ts, m, kMtx, false, CALLER_PC, [&] { return real(m); });
}
INTERCEPTOR int mtx_unlock(mtx_t *m) {
  auto real = REAL(mtx_unlock);
  Hook h;
  if (!h.ts) return real(m);
  return Release(h.ts, m, kMtx, CALLER_PC, [&] { return real(m); });
}
INTERCEPTOR int cnd_wait(cnd_t *c, mtx_t *m) {
  auto real = REAL(cnd_wait);
  return CondWait(c, m, kMtx, false, CALLER_PC, [&] { return real(c, m); });
}
INTERCEPTOR int cnd_timedwait(cnd_t *c, mtx_t *m, const struct timespec *t) {
  auto real = REAL(cnd_timedwait);
  return CondWait(c, m, kMtx, true, CALLER_PC, [&] { return real(c, m, t); });
}
