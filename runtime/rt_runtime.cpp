//===- rt_runtime.cpp - the hooks: held locks, re-locks, foreign unlocks --===//
//
// The hooks of rt_runtime.h keep each thread's held-lock stack (ThreadState::held, written
// only by its own thread) and hand events to the detectors: the lock-order detector
// (rt_lockorder.h) before a blocking acquisition, the misuse detector (rt_misuse.h: double
// lock, unlock of a lock not held) at a re-lock and at a release with no hold, the lock-wait
// timing detector (rt_waits.h) around contended waits, and the watchdog (rt_watchdog.h) through the waits published in ThreadState. Who
// touches what is written in each part's header: rt_locks.h, rt_threads.h, rt_lockorder.h.
// Reports are built under the parts' locks but symbolised and printed after releasing them.
//===----------------------------------------------------------------------===//
#include "rt_runtime.h"
#include "rt_fastpath.h"
#include "rt_lockorder.h"
#include "rt_misuse.h"
#include "rt_report.h"
#include "rt_stackcache.h"
#include "rt_stackdepot.h"
#include "rt_threads.h"
#include "rt_watchdog.h"

#include <pthread.h>
#include <stdio.h>

namespace parcheck {

__thread int t_in_rt __attribute__((tls_model("initial-exec")));

void OnCreate(const void *addr, LockKind kind) {
  (void)kind;
  OnDestroy(addr);
}

static void ForgetLock(LockRec *l);

//===-- The lock-order detector's host --------------------------------------===//

alignas(LockOrderDetector) static char g_lock_order_storage[sizeof(LockOrderDetector)];
LockOrderDetector *g_lock_order;

void InitLockOrder() {
  LockOrderOptions o;
  o.detect = g_flags.detect_lock_order;
  o.ignoreJoinedCycles = g_flags.ignore_joined_cycles;
  o.ignoreSingleThreadCycles = g_flags.ignore_single_thread_cycles;
  g_lock_order = new (g_lock_order_storage) LockOrderDetector();
  g_lock_order->init(o);
}

namespace {
struct LockOrderHost final : LockOrderCallbacks {
  LockedTree tree;
  uint32_t unwind(uintptr_t pc) override { return CaptureAcquisitionStack(pc); }
  uint64_t stamp() override { return NextSeq(); }
  HappensBefore *joinOrder() override { return &tree; }
  void madeEdge(uint32_t tid) override { TreeMadeEdge(tid); }
  void newEdge(const Held &h, LockRec *to, uint64_t toId, uint32_t tid) override {
    h.lock->inGraph.store(true, std::memory_order_relaxed);
    to->inGraph.store(true, std::memory_order_relaxed);
    if (g_flags.verbosity >= 2) {
      char buf[96];
      int k = snprintf(buf, sizeof(buf), "==parcheck== new edge M%llu => M%llu in T%u\n",
                       (unsigned long long)h.id, (unsigned long long)toId, tid);
      WriteLog(buf, size_t(k));
    }
  }
  void report(CycleReport *r) override { EmitCycleReport(r); }
};
} // namespace

//===-- Hooks --------------------------------------------------------------===//

void OnDestroy(const void *addr) {
  if (LockRec *l = FindLock(addr)) ForgetLock(l);
}

// Every lock whose record lies in [lo, hi) is forgotten as by OnDestroy (freed or unmapped
// memory). The records stay (lock-free readers and the threads' caches may point at them);
// each gets a new id at its next use.
void ForgetLocksInRange(uintptr_t lo, uintptr_t hi) { ForEachLockInRange(lo, hi, ForgetLock); }

static void ForgetLock(LockRec *l) {
  l->epoch.fetch_add(1, std::memory_order_relaxed);
  uint64_t id = l->id.exchange(0);
  if (LockSide *side = SideIfAny(l)) {
    side->owner.store(0, std::memory_order_relaxed);
    for (auto &r : side->readers) r.store(0, std::memory_order_relaxed);
  }
  if (id && l->inGraph.exchange(false)) g_lock_order->forget(id);
}

template <typename Pred> static void DropHoldsIf(ThreadState *ts, Pred drop) {
  size_t w = 0, n = ts->held.size();
  while (w < n && !drop(ts->held[w])) ++w;  // usually nothing to drop: no copying
  for (size_t i = w; i < n; ++i) {
    Held &h = ts->held[i];
    if (!drop(h)) {
      ts->held[w++] = h;
      continue;
    }
    if (h.stack.n) ReleaseStack(h.stack);
  }
  ts->held.resize(w);
}

// Forgets holds that ended behind the thread's back: the lock was re-initialised or destroyed
// while held (a lock left taken in a dead stack frame), or released by another thread (glibc
// lets any thread unlock a normal mutex).
static void DropStaleHolds(ThreadState *ts) { DropHoldsIf(ts, IsStale); }

static void DropHold(ThreadState *ts, LockRec *l) {
  DropHoldsIf(ts, [l](const Held &h) { return h.lock == l; });
}

static inline bool HeldBySelf(ThreadState *ts, LockRec *l) {
  for (Held &h : ts->held)
    if (h.lock == l && !IsStale(h)) return true;
  return false;
}

bool IsHeldBySelf(ThreadState *ts, const void *addr, LockKind kind) {
  return HeldBySelf(ts, LookupLock(ts, addr, kind));
}


// The misuse detector's host for one hook call: the lock's own state (glibc records a
// mutex's owner, as a kernel tid, in __data.__owner for every type; a spin lock is a word that
// holds SpinFreeWord() when free, whoever took it) and the reports.
namespace {
struct MisuseHost final : MisuseCallbacks {
  ThreadState *ts;
  const void *addr;
  LockKind kind;
  LockRec *l;
  uintptr_t pc;
  MisuseHost(ThreadState *ts, const void *addr, LockKind kind, LockRec *l, uintptr_t pc)
      : ts(ts), addr(addr), kind(kind), l(l), pc(pc) {}
  int mutexType() override { return MutexType(addr); }
  bool ownerChecked() override {
    return MutexKindBits(addr) & (kMutexRobust | kMutexPrioInherit);
  }
  bool reallyHeldBySelf() override {
    if (kind == kSpin) return *static_cast<const volatile int *>(addr) != SpinFreeWord();
    return MutexOwner(addr) == ts->osTid;
  }
  void releasedByOther() override {
    l->epoch.fetch_add(1, std::memory_order_relaxed);
    if (kind == kSpin)
      if (LockSide *side = SideIfAny(l)) side->owner.store(0, std::memory_order_relaxed);
  }
  void reportDoubleLock(uintptr_t heldPc) override {
    ErrnoSave es;
    ReportDoubleLock(ts->tid, l, pc, heldPc);
  }
  // A plain unlock's report waits until the real unlock has returned (deferMisuseLock;
  // Release calls FinishDeferred right after it). A condition wait's is made now: its real
  // call may not return for a long time, or ever.
  void reportUnlockNotHeld(bool forCondWait) override {
    if (!forCondWait) {
      if (ts->deferMisuseLock) FinishDeferred(ts);  // not expected: one unlock at a time
      ts->deferMisuseLock = l;
      ts->deferred = true;
      ts->deferMisusePc = pc;
      return;
    }
    ErrnoSave es;
    ReportUnlockNotHeld(ts->tid, l, pc, forCondWait);
  }
};
} // namespace

bool g_want_edges;
bool g_plain_holds;
void InitFastPaths() {
  g_want_edges = g_flags.detect_lock_order || g_flags.dot_path[0] || g_flags.json_path[0];
  g_plain_holds = !g_flags.hold_times && !g_flags.held_stacks;
}

static MisuseDetector g_misuse;
void InitMisuse() {
  MisuseOptions o;
  o.detect = g_flags.detect_misuse;
  g_misuse.init(o);
}

LockRec *BeforeLock(ThreadState *ts, const void *addr, LockKind kind, bool read, bool timed,
                    bool trylock, uintptr_t pc) {
  LockRec *l = LookupLock(ts, addr, kind);
  if (ts->held.empty()) return l;  // the common case: nothing held, no edge, no re-lock
  DropStaleHolds(ts);
  if (HeldBySelf(ts, l)) {  // re-lock: recursive, error-checking or a self-deadlock
    MisuseHost mh(ts, addr, kind, l, pc);
    if (g_misuse.beforeRelock(&mh, ts->held.begin(), ts->held.size(), l, kind, read, timed,
                              trylock) != Relock::kStale)
      return l;  // a self-deadlock is reported (and may not return)
    DropHold(ts, l);  // stale: acquire it as a new lock below
  }
  // No edges into a trylock: it cannot block. Nor, by default, into a timed acquisition: it
  // blocks at most until its timeout, so a cycle through that edge ends by itself (each
  // thread of a timed back-off gives up and releases what it holds). The edges out of the lock
  // it takes are made as usual.
  if (NoEdgeInto(trylock, timed)) return l;
  if (!g_want_edges) return l;
  uint64_t id = LockId(l);
  LockOrderHost host;
  g_lock_order->beforeLock(&ts->lo, &host, ts->held.begin(), ts->held.size(), id, l, read, pc);
  return l;
}

// The first acquisition of a record: its pc, and its stack, which names the lock (LockName
// takes the first frame outside system headers: at -O0 the pc alone is in libstdc++'s
// __gthread_mutex_lock for every std::mutex). Only the thread whose pc is stored captures, so
// a lock costs one cached capture (CaptureAcquisitionStack) in its record's life, never one
// per acquisition.
__attribute__((noinline)) void NoteFirstTake(LockRec *l, uintptr_t pc) {
  uintptr_t z = 0;
  if (!l->firstPc.compare_exchange_strong(z, pc)) return;
  ErrnoSave es;  // the unwinder may load libgcc_s
  l->firstStack.store(CaptureAcquisitionStack(pc), std::memory_order_release);
}

void AfterLock(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool isTry, bool ok,
               bool timed) {
  if (!ok) {
    if (isTry) CountLockEvent(ts, l, LockEvent::kTryFail);
    return;
  }
  CountIfWaited(WaitCountersIfAny(l), !read);
  CountAcquisition(ts, l);
  if (!l->firstPc.load(std::memory_order_relaxed)) NoteFirstTake(l, pc);
  for (size_t i = ts->held.size(); i-- > 0;)
    if (ts->held[i].lock == l && ts->held[i].read == read && !IsStale(ts->held[i])) {
      ts->held[i].count++;
      return;
    }
  Held h = NewHold(l, read, pc, NoEdgeInto(isTry, timed));
  if (g_flags.hold_times) h.since = NowNs();
  if (g_flags.held_stacks) {
    ErrnoSave es;  // the unwinder may load libgcc_s
    h.stack = CaptureStack(pc);
  }
  ts->held.push_back(h);
  if (read) {
    for (auto &r : SideOf(l)->readers) {
      uint32_t z = 0;
      if (r.compare_exchange_strong(z, ts->tid + 1)) break;
    }
  } else if (l->kind == kSpin) {
    SideOf(l)->owner.store(ts->tid + 1, std::memory_order_relaxed);
  }
}

LockRec *BeforeUnlock(ThreadState *ts, const void *addr, LockKind kind, uintptr_t pc,
                      bool forCondWait) {
  LockRec *l = LookupLock(ts, addr, kind);
  size_t n = ts->held.size();
  for (size_t i = n; i-- > 0;) {
    Held &h = ts->held[i];
    if (h.lock != l || IsStale(h)) continue;
    if (--h.count > 0) return l;
    if (h.read) {
      for (auto &r : SideOf(l)->readers) {
        uint32_t me = ts->tid + 1;
        if (r.compare_exchange_strong(me, 0)) break;
      }
    } else if (l->kind == kSpin) {
      SideOf(l)->owner.store(0, std::memory_order_relaxed);
    }
    if (h.since) {  // the hold ends here; its histogram is updated after the real unlock
      if (ts->deferHoldLock) FinishDeferred(ts);
      ts->deferHoldLock = l;
      ts->deferred = true;
      ts->deferHoldNs = NsBetween(h.since, NowNs());
    }
    if (h.stack.n) ReleaseStack(h.stack);
    if (i + 1 == n)
      ts->held.pop_back();  // locks are mostly released in reverse order
    else
      ts->held.erase_at(i);
    return l;
  }
  MisuseHost mh(ts, addr, kind, l, pc);
  g_misuse.unlockNotHeld(&mh, kind, forCondWait);
  return l;
}

void FinishDeferred(ThreadState *ts) {
  ErrnoSave es;
  ts->deferred = false;
  FinishWait(ts);
  if (LockRec *l = ts->deferHoldLock) {
    ts->deferHoldLock = nullptr;
    AddLockTime(ts, l, ts->deferHoldNs, /*hold=*/true);
  }
  if (LockRec *l = ts->deferMisuseLock) {
    ts->deferMisuseLock = nullptr;
    ReportUnlockNotHeld(ts->tid, l, ts->deferMisusePc, false);
  }
}

void AfterCondWait(ThreadState *ts, LockRec *l, uintptr_t pc) {
  AfterLock(ts, l, false, pc, false, true, false);
}

} // namespace parcheck
