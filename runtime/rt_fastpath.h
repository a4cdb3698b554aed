//===- rt_fastpath.h - the hooks' common case, inlined into the interceptors ===//
//
// Most acquisitions and releases need none of the hooks' general work (rt_runtime.cpp): the
// thread holds nothing stale and no other hold of the lock, every lock-order edge the
// acquisition makes is already in the thread's edge cache, and the release is of the lock
// taken last. These functions do exactly what the general hooks do in that case, inline in
// the interceptor, touching only the thread's own state and reading the lock's record (one
// cache line that acquisitions only read); anything else returns "not handled" and the
// interceptor calls the general hook, which decides it from scratch. So the fast path changes
// no finding: it takes the branch the general hook would take, without its call overhead and
// repeated scans. (Compare compiler-rt's deadlock detector: MutexBeforeLock returns early when
// the per-thread cache already has every edge.)
//
// What stays inside the critical section on this path: for a blocking acquisition that is
// recorded as a plain hold (PlainHoldFor), only the check for waiters (NoteAcqWhileWaited,
// on the mutex's own line for a plain mutex: WaitCounters):
// the hold is pushed and the acquisition counted before the real try (PushPlainHold), and
// taken back if the try fails (UndoPlainHold). That is safe because the held-lock stack is
// the thread's own memory, which the watchdog reads only once it has seen the thread blocked
// twice, and signal handlers only forward while the hook runs. Otherwise: pushing the hold
// and counting the acquisition after the real call. A release pops its hold just before the
// real unlock (the check needs the hold, and the pop is one store).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_FASTPATH_H
#define PARCHECK_RT_FASTPATH_H

#include "rt_runtime.h"
#include "rt_threads.h"

namespace parcheck {

// The fast paths are inlined into each interceptor whatever the compiler's estimate of their
// size: a call with its register saves costs as much as the fast path's own work.
#define PARCHECK_FAST inline __attribute__((always_inline))

// Set once at start-up (InitFastPaths), from the options:
extern bool g_want_edges;   // BeforeLock feeds the lock-order detector (detection, DOT, JSON)
extern bool g_plain_holds;  // a hold needs no clock read and no stack (hold_times, held_stacks off)
void InitFastPaths();

// A hold recorded under an older epoch of its lock: the lock was re-initialised, destroyed or
// released by another thread since (rt_locks.h).
PARCHECK_FAST bool IsStale(const Held &h) {
  return h.epoch != h.lock->epoch.load(std::memory_order_relaxed);
}

// A new hold of l with no hold time and no stack (AfterLock adds those when asked).
PARCHECK_FAST Held NewHold(LockRec *l, bool read, uintptr_t pc, bool tried) {
  Held h;
  h.lock = l;
  h.id = LockId(l);
  h.epoch = l->epoch.load(std::memory_order_relaxed);
  h.pc = pc;
  h.count = 1;
  h.read = read;
  h.tried = tried;
  h.since = 0;
  return h;
}

// Before an acquisition (blocking, timed or try): the record of the lock at addr, if
// BeforeLock would do nothing else for it: nothing held, or at most kEdgeWindow locks held
// (where every held lock gets a direct edge), none of them stale or a hold of this lock, and,
// when the acquisition makes edges (blocking, see NoEdgeInto), every edge from them into it
// already known to the thread. Null otherwise: call BeforeLock.
PARCHECK_FAST LockRec *FastBeforeLock(ThreadState *ts, const void *addr, LockKind kind, bool trylock,
                               bool timed) {
  LockRec *l = LookupLock(ts, addr, kind);
  size_t n = ts->held.size();
  if (n == 0) return l;
  if (n > kEdgeWindow) return nullptr;
  bool edges = g_want_edges && !NoEdgeInto(trylock, timed);
  uint64_t id = edges ? l->id.load(std::memory_order_acquire) : 0;
  if (edges && !id) return nullptr;  // never taken since created: no edge into it is known
  for (const Held &h : ts->held) {
    if (h.lock == l || IsStale(h)) return nullptr;
    if (edges && !EdgeCached(&ts->lo, h.id, id)) return nullptr;
  }
  return l;
}

// Whether a successful acquisition that FastBeforeLock passed (so the thread holds no other
// hold of l) would be recorded as a plain hold: an exclusive hold of a mutex or rwlock taken
// before, with no hold time and no stack. AfterLock handles every other case.
PARCHECK_FAST bool PlainHoldFor(const LockRec *l, bool read) {
  return !read && l->kind != kSpin && g_plain_holds && l->firstPc.load(std::memory_order_relaxed);
}

// An acquisition made while somebody waits for l (WaitCounters). Only after the real call
// has taken the lock: a waiter's count is exact. (Called for plain holds only: exclusive.)
PARCHECK_FAST void NoteAcqWhileWaited(const LockRec *l) {
  CountIfWaited(WaitCountersIfAny(l), true);
}

// The same check split around the real call, so that what the critical section waits for is
// in flight while the call takes the lock: before it, where the lock's counters are, their
// line prefetched (a side block's is written by waiters, so it is often in another core's
// cache; a plain mutex's own words are on the line the call takes anyway); after it,
// NoteAcqWhileWaitedAfter reads the waiter count there. A side block made in between (a first
// waiter) is looked up again after the call, so the count stays exact.
PARCHECK_FAST WaitCounters NoteAcqWhileWaitedBefore(const LockRec *l) {
  WaitCounters c = WaitCountersIfAny(l);
  if (c) __builtin_prefetch(c.waiters);
  return c;
}
PARCHECK_FAST void NoteAcqWhileWaitedAfter(const LockRec *l, WaitCounters c) {
  if (!c) c = WaitCountersIfAny(l);
  CountIfWaited(c, true);
}

// A plain hold of l (PlainHoldFor), counted and pushed in place with NewHold's fields.
PARCHECK_FAST void PushPlainHold(ThreadState *ts, LockRec *l, uintptr_t pc, bool tried) {
  CountAcquisition(ts, l);
  Held *h = ts->held.push_uninit();
  h->lock = l;
  h->id = LockId(l);
  h->epoch = l->epoch.load(std::memory_order_relaxed);
  h->pc = pc;
  h->count = 1;
  h->read = false;
  h->tried = tried;
  h->since = 0;
  h->stack = StackRef();
}

// The lean mutex lock (pthread_mutex_lock's first path): the record of the mutex at addr when
// FastBeforeLock would return it with nothing that calls out of line or checks edges: the
// mutex is in the thread's look-up cache, was taken before (its first pc and id are set), the
// thread holds no lock (so no edge, and the held stack has room once it was used) and the
// lock's acquisition batch is in its slot. Null otherwise: the full fast path decides (it may
// call out: a table look-up, a first take, growth, an eviction). The interceptor's only call
// is then the real try, and it saves three registers, not six.
//
// kRefill: the same, out of line, also for a mutex the look-up cache misses or whose batch is
// not in its slot (a thread that walks more mutexes than the cache holds: every
// acquisition), and for a thread that holds other locks (a nested acquisition):
//  * a missed mutex's record is the one its own words name (RecordOfMutex; read only if they
//    are a plain mutex's words, CountersInMutex), put in the cache;
//  * the slot is given to the lock (MoveAcqSlot);
//  * the held locks pass FastBeforeLock's checks (at most kEdgeWindow held, none of them this
//    lock or stale, every edge from them into it in the thread's edge cache), and the held
//    stack has room;
// all as the full path would.
template <bool kRefill = false>
PARCHECK_FAST LockRec *LeanBeforeLock(ThreadState *ts, const void *addr) {
  uintptr_t a = uintptr_t(addr);
  ThreadState::LookupEnt &e = ts->lookup[((a >> 3) ^ (a >> 11)) & (kLookupSize - 1)];
  LockRec *l = e.lock;
  if (e.addr != a) {
    if (!kRefill || !CountersInMutex(kMutex, addr)) return nullptr;
    l = RecordOfMutex(addr);
    if (!l) return nullptr;
    e.addr = a;
    e.lock = l;
  }
  uint64_t id = l->id.load(std::memory_order_acquire);
  if (!id || !l->firstPc.load(std::memory_order_relaxed)) return nullptr;
  size_t n = ts->held.size();
  if (n >= ts->held.capacity()) return nullptr;  // (also: never used yet, capacity 0)
  if (n != 0) {
    if (!kRefill || n > kEdgeWindow) return nullptr;
    for (const Held &h : ts->held) {
      if (h.lock == l || IsStale(h)) return nullptr;
      if (g_want_edges && !EdgeCached(&ts->lo, h.id, id)) return nullptr;
    }
  }
  ThreadState::AcqEnt &b = ts->acq[AcqSlot(l)];
  if (b.lock.load(std::memory_order_relaxed) != l) {
    if (!kRefill) return nullptr;
    MoveAcqSlot(ts, b, l);
  }
  return l;
}

// PushPlainHold for a lock LeanBeforeLock passed: its batch is in its slot, its id is set and
// the held stack has room.
PARCHECK_FAST void PushLeanHold(ThreadState *ts, LockRec *l, uintptr_t pc) {
  ThreadState::AcqEnt &a = ts->acq[AcqSlot(l)];
  a.n.store(a.n.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  Held *h = ts->held.push_unchecked();
  h->lock = l;
  h->id = l->id.load(std::memory_order_relaxed);
  h->epoch = l->epoch.load(std::memory_order_relaxed);
  h->pc = pc;
  h->count = 1;
  h->read = false;
  h->tried = false;
  h->since = 0;
  h->stack = StackRef();
}

// Takes back PushPlainHold when the real call did not take the lock: the hold is the last
// one, and l's batch is in its slot (nothing was counted in between).
PARCHECK_FAST void UndoPlainHold(ThreadState *ts, LockRec *l) {
  ts->held.pop_back();
  ThreadState::AcqEnt &a = ts->acq[AcqSlot(l)];
  a.n.store(a.n.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
}

// After a successful acquisition that FastBeforeLock passed: what AfterLock does, for a
// plain hold. Any other case goes to AfterLock.
PARCHECK_FAST void FastAfterLock(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool isTry,
                          bool timed) {
  if (!PlainHoldFor(l, read)) {
    AfterLock(ts, l, read, pc, isTry, true, timed);
    return;
  }
  NoteAcqWhileWaited(l);
  PushPlainHold(ts, l, pc, NoEdgeInto(isTry, timed));
}

// Before a release: true if it was the release of the thread's last hold, of an exclusive
// hold of a mutex or rwlock with no hold time and no stack, not stale; the hold is then
// counted down or popped as BeforeUnlock would. False otherwise: call BeforeUnlock. (A lock
// address keeps its record for ever, so the top hold's record having this address means it
// is the record BeforeUnlock would look up.)
PARCHECK_FAST bool FastBeforeUnlock(ThreadState *ts, const void *addr) {
  size_t n = ts->held.size();
  if (n == 0) return false;
  Held &h = ts->held[n - 1];
  LockRec *l = h.lock;
  if (l->addr != uintptr_t(addr) || h.read || l->kind == kSpin || h.since || h.stack.n ||
      IsStale(h))
    return false;
  if (--h.count == 0) ts->held.pop_back();
  return true;
}

} // namespace parcheck
#endif
