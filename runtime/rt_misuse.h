//===- rt_misuse.h - the lock-API misuse detector -------------------------===//
//
// Decides when an acquisition or a release breaks the lock API's contract, from the thread's
// held-lock stack and what the lock itself says. Like rt_lockorder.h it knows no threads, no
// lock table and no report format: the lock's own state is read, and findings are reported,
// through MisuseCallbacks, so it runs, and is unit-tested, with no threads
// (unittests/runtime/MisuseTest.cpp).
//
// Two findings:
//  * double-lock: the thread takes again, blocking, for writing and with no timeout, a
//    non-recursive lock it holds (a normal mutex or mtx_t, a spin lock): a certain
//    self-deadlock, reported before the thread blocks for ever.
//  * unlock-not-held (cond-wait when the release is a condition wait's): a release of a lock
//    the thread does not hold, unless the lock refuses it itself: an error-checking, robust
//    or priority-inheritance mutex answers EPERM and stays as it was (defined behaviour; a
//    condition wait on an error-checking mutex is still reported, the wait's contract is
//    broken either way).
//
// The calls, for one thread (the host keeps the held-lock stack: rt_lockorder.h's Held):
//   before an acquisition of a lock the thread validly holds:   beforeRelock(...)
//   before a release of a lock it holds no valid hold of:       unlockNotHeld(...)
// Everything else (holds ending, stale holds, ids) is the host's.
//
// The lock's state is asked for only when the answer decides something (a mutex's type is
// read by the hooks on these rare paths alone: reading it before every unlock would fetch
// its cache line shared and then again exclusive).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_MISUSE_H
#define PARCHECK_RT_MISUSE_H

#include "rt_lockorder.h"
#include "rt_locks.h"

namespace parcheck {

class MisuseCallbacks {
public:
  // What the lock says of itself. mutexType: a kMutex's or kMtx's PTHREAD_MUTEX_* type;
  // ownerChecked: a kMutex that is robust or priority-inheritance (glibc checks its owner on
  // unlock); reallyHeldBySelf: the lock's own owner word names this thread (memory
  // re-initialised by plain assignment is free again, and no hook saw it happen).
  virtual int mutexType() = 0;
  virtual bool ownerChecked() = 0;
  virtual bool reallyHeldBySelf() = 0;
  // The release really frees the lock, whoever held it (a normal or adaptive mutex, a spin
  // lock): the holder's record is stale now. Called before the report.
  virtual void releasedByOther() = 0;
  // Findings, only when detection is on. heldPc: where the thread took the lock it takes again.
  virtual void reportDoubleLock(uintptr_t heldPc) = 0;
  virtual void reportUnlockNotHeld(bool forCondWait) = 0;
protected:
  ~MisuseCallbacks() = default;
};

// What to do with an acquisition of a lock the thread holds.
enum class Relock : uint8_t {
  kAllowed,       // recursive, error-checking, shared, try or timed: the lock itself decides
  kSelfDeadlock,  // a certain self-deadlock (reported when detecting; may not return)
  kStale,         // the lock says it is free: the hold ended unseen; the host drops it and
                  // acquires the lock as a new one
};

struct MisuseOptions {
  bool detect = true;  // report (the verdicts and releasedByOther are the same either way)
};

class MisuseDetector {
public:
  void init(const MisuseOptions &o) { opt_ = o; }
  // Lock l (of `kind`) is about to be acquired by a thread that holds it validly; `held` is
  // its held-lock stack, oldest first (the last hold of l gives the report's heldPc).
  Relock beforeRelock(MisuseCallbacks *cb, const Held *held, size_t n, LockRec *l,
                      LockKind kind, bool read, bool timed, bool trylock) const;
  // Lock l (of `kind`) is about to be released by a thread that holds no valid hold of it;
  // forCondWait: the release inside a condition wait.
  void unlockNotHeld(MisuseCallbacks *cb, LockKind kind, bool forCondWait) const;

private:
  MisuseOptions opt_;
};

} // namespace parcheck
#endif
