//===- rt_misuse.cpp - the lock-API misuse detector -----------------------===//
//
// The decisions of rt_misuse.h. The lock's state is asked for in the order the answers are
// needed, so that a shared, try, timed or recursive acquisition never reads the lock.
//===----------------------------------------------------------------------===//
#include "rt_misuse.h"

#include <pthread.h>

namespace parcheck {

static bool IsMutexLike(LockKind kind) { return kind == kMutex || kind == kMtx; }

Relock MisuseDetector::beforeRelock(MisuseCallbacks *cb, const Held *held, size_t n,
                                    LockRec *l, LockKind kind, bool read, bool timed,
                                    bool trylock) const {
  // Only a blocking, exclusive, untimed acquisition of a non-recursive lock is certain to
  // block for ever; recursive and error-checking mutexes count or refuse it themselves, and a
  // try or timed acquisition returns.
  bool certain = !trylock && !read && !timed &&
                 (kind == kSpin || (IsMutexLike(kind) && cb->mutexType() == PTHREAD_MUTEX_NORMAL));
  if (!certain) return Relock::kAllowed;
  if (!cb->reallyHeldBySelf()) return Relock::kStale;
  if (opt_.detect) {
    uintptr_t heldPc = 0;
    for (size_t i = 0; i < n; ++i)
      if (held[i].lock == l) heldPc = held[i].pc;
    cb->reportDoubleLock(heldPc);  // may not return (on_deadlock=exit/abort)
  }
  return Relock::kSelfDeadlock;
}

void MisuseDetector::unlockNotHeld(MisuseCallbacks *cb, LockKind kind, bool forCondWait) const {
  int type = IsMutexLike(kind) ? cb->mutexType() : -1;
  bool ownerChecked = kind == kMutex && cb->ownerChecked();
  // An error-checking, robust or priority-inheritance mutex refuses a foreign unlock itself
  // (EPERM) and stays as it was: defined behaviour.
  if (kind == kMutex && !forCondWait && (type == PTHREAD_MUTEX_ERRORCHECK || ownerChecked))
    return;
  // A normal mutex, plain mtx_t or spin lock is really released by this unlock, whoever
  // holds it. (Recursive mutexes refuse with EPERM; a foreign rwlock unlock releases some
  // reader's hold, which one is unknown: left alone.)
  if (kind == kSpin ||
      (!ownerChecked && (type == PTHREAD_MUTEX_NORMAL || type == PTHREAD_MUTEX_ADAPTIVE_NP)))
    cb->releasedByOther();
  if (opt_.detect) cb->reportUnlockNotHeld(forCondWait);
}

} // namespace parcheck
