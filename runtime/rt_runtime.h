//===- rt_runtime.h - the event interface between interceptors and detectors ===//
//
// Interceptors call these hooks around the real libc function (compare compiler-rt's
// sanitizer_deadlock_detector_interface.h: MutexBeforeLock / MutexAfterLock /
// MutexBeforeUnlock). A hook never calls malloc and never blocks on anything but the
// runtime's own short spin locks.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_RUNTIME_H
#define PARCHECK_RT_RUNTIME_H

#include "rt_common.h"
#include "rt_flags.h"
#include "rt_lockorder.h"
#include "rt_locks.h"
#include "rt_stats.h"
#include "rt_waitfor.h"

#include <pthread.h>

namespace parcheck {

struct ThreadState;

extern bool g_inited;

extern __thread int t_in_rt __attribute__((tls_model("initial-exec")));
extern __thread ThreadState *t_state __attribute__((tls_model("initial-exec")));
ThreadState *HookEnterSlow();  // the first hook in a thread the runtime did not see created

// Enters a hook: returns null when the caller must only forward to libc (inside the runtime,
// before initialisation, or while the runtime itself is resolving symbols). Inline: it is on
// every intercepted call.
inline ThreadState *HookEnter() {
  if (t_in_rt || !g_inited) return nullptr;
  t_in_rt++;
  ThreadState *ts = t_state;
  return ts ? ts : HookEnterSlow();
}
inline void HookLeave() { t_in_rt--; }

void OnCreate(const void *addr, LockKind kind);
void OnDestroy(const void *addr);
// Before an acquisition (blocking, timed or try): finds the lock's record, reports a certain
// self-deadlock (a normal mutex or spin lock taken again by its holder, without a timeout:
// with on_deadlock=exit it does not return), and runs the lock-order check so that an AB/BA
// inversion is reported before the threads block. Nothing held: no work but the lookup.
LockRec *BeforeLock(ThreadState *ts, const void *addr, LockKind kind, bool read, bool timed,
                    bool trylock, uintptr_t pc);
void BeginWait(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool timed);
void EndWait(ThreadState *ts, LockRec *l);
// The record's first acquisition: its pc and stack (the lock's name), once per record.
// AfterLock calls it; pthread_mutex_lock's fast path calls it before the real call instead
// (the stack capture is then out of the critical section).
void NoteFirstTake(LockRec *l, uintptr_t pc);
// `timed`: a blocking acquisition with a timeout (see NoEdgeInto).
void AfterLock(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool isTry, bool ok,
               bool timed);
// The lock-order detector's rule (rt_lockorder.h) with report_timed_cycles. BeforeLock and
// the held-lock chain (the detector's edge window) both follow it.
inline bool NoEdgeInto(bool trylock, bool timed) {
  return NoEdgeInto(trylock, timed, g_flags.report_timed_cycles);
}
// The process's lock-order detector, fed by BeforeLock and OnDestroy (set up by InitRuntime).
extern LockOrderDetector *g_lock_order;
void InitLockOrder();
void InitMisuse();  // the misuse detector (rt_misuse.h) the re-lock and unlock hooks call
// Before an unlock, or the release inside a condition wait: forgets the hold, or reports an
// unlock of a lock the thread does not hold (if misuse detection is on).
LockRec *BeforeUnlock(ThreadState *ts, const void *addr, LockKind kind, uintptr_t pc,
                      bool forCondWait);
void AfterCondWait(ThreadState *ts, LockRec *l, uintptr_t pc);
// Work taken out of critical sections (ThreadState::deferWaitLock, deferHoldLock): called
// after the real unlock, before the next contended wait, at thread exit and at exit.
void FinishDeferred(ThreadState *ts);

// Condition-variable, semaphore and barrier waits (kCond, kSem, kBarrier), for the watchdog's
// stuck-process check (rt_waitfor.h): marked before the real call, cleared after it. `mutex`
// is a condition wait's mutex; `external` says that something outside the process's threads
// may end the wait (a process-shared object counts as such without it: BeginObjectWait reads
// the object's own flag). Untimed waits also keep their stack for the report.
void BeginObjectWait(ThreadState *ts, WaitKind kind, const void *obj, const void *mutex,
                     uintptr_t pc, bool timed, bool external);
void EndObjectWait(ThreadState *ts);
// Threads the runtime runs itself (the watchdog; any other helper thread must add itself
// before it is created): they are in /proc/self/task but not in the thread registry, and the
// stuck-process check counts every other kernel thread as one the runtime does not know.
extern std::atomic<int> g_runtime_threads;
bool IsHeldBySelf(ThreadState *ts, const void *addr, LockKind kind);

// Threads.
// The trampoline's argument for a thread about to be created (its tid through *tid).
void *ThreadTrampolineArg(void *(*fn)(void *), void *arg, uintptr_t pc, uint32_t *tid);
void OnThreadCreated(uint32_t tid, pthread_t th);  // after a successful pthread_create
void BeforeJoin(ThreadState *ts, pthread_t th, uintptr_t pc, bool timed);  // may block
void AfterJoin(ThreadState *ts);
void OnThreadJoined(ThreadState *ts, pthread_t th);  // after a successful join
void *ThreadTrampoline(void *p);
void FreeTrampolineArg(void *p);
void SetRealPthreadCreate(int (*f)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *));
void InitRuntime();
// The runtime's own fatal-signal handler (handle_signals).
bool IsRuntimeSignalHandler(uintptr_t handler);

} // namespace parcheck
#endif
