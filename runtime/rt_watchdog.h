//===- rt_watchdog.h - the watchdog thread and the waits it watches -------===//
//
// A runtime-owned thread (rt_reporter.h), started at the first wait (with lean_look=0, at the
// first thread creation), that looks every watchdog_interval_ms at the waits the hooks publish in
// ThreadState (MarkWaiting, the object-wait and join hooks of rt_runtime.h, and the lean
// mutex lock's unmarked calls, LockCallOf): timing findings (rt_waits.h) and deadlocks
// (rt_deadlock.h).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_WATCHDOG_H
#define PARCHECK_RT_WATCHDOG_H

#include "rt_threads.h"

namespace parcheck {

void StartWatchdog();  // once; only if deadlock or starvation detection is on
// Publishes a new wait for the watchdog: the details first, then what is waited for (a lock,
// or a thread being joined), which is what the watchdog looks at.
void MarkWaiting(ThreadState *ts, LockRec *l, uint32_t joinTid, bool read, uintptr_t pc,
                 bool timed);
void WatchdogResetInChild();

// The lean mutex lock's real call thread t is in, with no wait marked (ThreadState::lockCall):
// the lock, the call's number (with kLockCallSeq set, so that it never equals a marked wait's
// number) and pc; null if none, or if the call changed while it was read. Whether the call
// waits is the mutex's owner's to say (HoldersOf).
constexpr uint64_t kLockCallSeq = uint64_t(1) << 63;
inline LockRec *LockCallOf(const ThreadState *t, uint64_t *seq, uintptr_t *pc) {
  LockRec *l = t->lockCall.load(std::memory_order_acquire);
  if (!l) return nullptr;
  *seq = t->lockCalls.load(std::memory_order_relaxed) | kLockCallSeq;
  *pc = t->lockCallPc.load(std::memory_order_relaxed);
  return t->lockCall.load(std::memory_order_acquire) == l ? l : nullptr;
}
// The owner (MutexOwner) of an unmarked call's plain mutex, as the watchdog reads it
// (PeekMutexOwner: the call may have ended, and the mutex been freed, since it was seen);
// kOwnerUnknown if the mutex's memory is gone.
inline pid_t LockCallOwner(const LockRec *l) {
  return PeekMutexOwner(reinterpret_cast<const void *>(l->addr));
}
// Whether an unmarked call by the thread with kernel tid `caller` on a plain mutex whose owner
// is `owner` (LockCallOwner) may be a wait: the mutex is owned, and not by the caller, who owns
// it between its call's return and its mark's clearing. An owner the runtime does not know (a
// thread that exited holding the mutex, or kOwnerUnknown: a thread still in its call on a
// mutex whose memory is gone sleeps on it for good) still makes it a wait.
inline bool LockCallMayWait(pid_t owner, pid_t caller) { return owner != 0 && owner != caller; }
// RuntimeThreadsLeave (rt_reporter.h): the watchdog wakes and exits.
void WatchdogLeave();

} // namespace parcheck
#endif
