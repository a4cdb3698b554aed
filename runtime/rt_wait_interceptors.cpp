//===- rt_wait_interceptors.cpp - semaphore and barrier waits -------------===//
//
// sem_wait and pthread_barrier_wait are marked as waits for the stuck-process check
// (rt_waitfor.h): before the real call, cleared after it, libc's return value and errno
// untouched. sem_timedwait and sem_clockwait are marked timed (they never count);
// sem_trywait never blocks and is not intercepted.
//
// sem_wait first tries the semaphore: when it is available nothing is marked and no stack is
// captured (glibc's sem_wait takes the same fast path before it checks for cancellation, so
// the result is the same). sem_wait is a cancellation point: a cleanup handler clears the
// mark. A process-shared semaphore or barrier is recognised by the watchdog, which reads the
// object (rt_deadlock.cpp: ObjectIsProcessShared).
//===----------------------------------------------------------------------===//
#include "rt_runtime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

using namespace parcheck;

#define INTERCEPTOR extern "C" __attribute__((visibility("default")))
#define CALLER_PC uintptr_t(__builtin_return_address(0))

namespace {

// The next definition of `name` (libc's); a loud fatal error if there is none.
template <typename F> F Real(std::atomic<F> &slot, const char *name, const char *failure) {
  F f = slot.load(std::memory_order_acquire);
  if (f) return f;
  f = reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
  if (!f) RtFatal(failure);
  slot.store(f, std::memory_order_release);
  return f;
}
#define REAL_WAIT(name)                                                                        \
  ([] {                                                                                        \
    static std::atomic<decltype(&::name)> slot{nullptr};                                       \
    return Real(slot, #name, "cannot resolve " #name);                                                \
  }())

void OnWaitCancelled(void *ts) {
  EndObjectWait(static_cast<ThreadState *>(ts));
}

// A wait on `obj` with the mark set around `call`; the hook is left during the real call.
template <typename F>
int MarkedWait(ThreadState *ts, WaitKind kind, const void *obj, uintptr_t pc, bool timed,
               F call) {
  BeginObjectWait(ts, kind, obj, nullptr, pc, timed, /*external=*/false);
  HookLeave();
  int r;
  pthread_cleanup_push(OnWaitCancelled, ts);
  r = call();
  pthread_cleanup_pop(0);
  EndObjectWait(ts);  // one atomic store: errno is the real call's
  return r;
}

} // namespace

INTERCEPTOR int sem_wait(sem_t *s) {
  auto real = REAL_WAIT(sem_wait);
  ThreadState *ts = HookEnter();
  if (!ts) return real(s);
  {
    ErrnoSave es;  // a failed try sets EAGAIN
    if (REAL_WAIT(sem_trywait)(s) == 0) {
      HookLeave();
      return 0;
    }
  }
  return MarkedWait(ts, WaitKind::kSem, s, CALLER_PC, false, [&] { return real(s); });
}

INTERCEPTOR int sem_timedwait(sem_t *s, const struct timespec *t) {
  auto real = REAL_WAIT(sem_timedwait);
  ThreadState *ts = HookEnter();
  if (!ts) return real(s, t);
  return MarkedWait(ts, WaitKind::kSem, s, CALLER_PC, true, [&] { return real(s, t); });
}

INTERCEPTOR int sem_clockwait(sem_t *s, clockid_t c, const struct timespec *t) {
  auto real = REAL_WAIT(sem_clockwait);
  ThreadState *ts = HookEnter();
  if (!ts) return real(s, c, t);
  return MarkedWait(ts, WaitKind::kSem, s, CALLER_PC, true, [&] { return real(s, c, t); });
}

// Not a cancellation point; every caller but the last blocks.
INTERCEPTOR int pthread_barrier_wait(pthread_barrier_t *b) {
  auto real = REAL_WAIT(pthread_barrier_wait);
  ThreadState *ts = HookEnter();
  if (!ts) return real(b);
  return MarkedWait(ts, WaitKind::kBarrier, b, CALLER_PC, false, [&] { return real(b); });
}
