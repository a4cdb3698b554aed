//===- rt_threads.h - the thread registry and the join-order tree ---------===//
//
// ThreadState is written only by its own thread; the watchdog reads the wait fields (atomics)
// and, for threads it has seen blocked twice, their held-lock stacks. g_threads_mu protects
// the registry (g_threads). Thread creations, joins and lock-order edges are stamped from one
// sequence (NextSeq), so that "thread A was joined before thread B made this edge" can be
// decided (rt_hb.h); the tree is kept under its own leaf lock.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_THREADS_H
#define PARCHECK_RT_THREADS_H

#include "rt_hb.h"
#include "rt_lockorder.h"
#include "rt_locks.h"
#include "rt_stack.h"
#include "rt_waitfor.h"

#include <pthread.h>
#include <sys/types.h>

namespace parcheck {

constexpr size_t kLookupSize = 64;       // per-thread direct-mapped cache: address -> LockRec
constexpr size_t kAcqSize = 256;         // per-thread batched acquisition counts

inline size_t AcqSlot(const LockRec *l) {
  return size_t((uintptr_t(l) * 0x9e3779b97f4a7c15ULL) >> 56);  // top 8 bits: 256 slots
}

constexpr uint32_t kWaitStackMax = 64;  // stack_depth's upper bound

// Per-thread batches of wait and hold times (ThreadState::waitTimes, holdTimes): a lock's batch
// can only be in the slot TimeSlot(lock), and goes into the lock's histogram when another lock
// takes the slot, when it holds kTimeBatchMax times, at thread exit and at the exit summary.
constexpr size_t kTimeSlots = 4;
constexpr uint32_t kTimeBatchMax = 1024;
inline size_t TimeSlot(const LockRec *l) { return AcqSlot(l) & (kTimeSlots - 1); }

struct ThreadState {
  uint32_t tid;
  pid_t osTid;
  uint32_t parent;
  uintptr_t createPc;
  size_t regIndex;
  Vec<Held> held;
  // Lock records are never freed and an address keeps its record for ever (a new lock at the
  // address gets a new id in the same record), so a cached entry never goes stale.
  struct LookupEnt { uintptr_t addr; LockRec *lock; } lookup[kLookupSize];
  // The statistics' counts (acquisitions, contended waits, failed tries) are batched per
  // thread and flushed into the lock on eviction, at thread exit and at the end, so the fast
  // path neither writes nor reads shared memory, and two threads that take turns waiting for
  // a lock do not write a shared line at each wait (its side block's counters were written
  // there, and its waiters then missed on the side block's other words: the wait histogram's
  // pointer, the readers). A lock's batch can only be in the slot AcqSlot(lock).
  // (Acquisitions during a wait are counted exactly, in the lock: WaitCounters.)
  struct AcqEnt {
    std::atomic<LockRec *> lock;
    std::atomic<uint64_t> n;  // acquisitions (LockRec::acqOwn, acqOthers)
    // Contended waits in the low half, failed trylocks in the high half (LockSide::contended,
    // tryFail): one word, so an eviction checks both with one load.
    std::atomic<uint64_t> events;
  } acq[kAcqSize];
  std::atomic<LockRec *> waitLock;
  std::atomic<uint32_t> waitJoin;  // tid+1 of the thread being joined (a blocking join)
  std::atomic<uint64_t> waitSeq, waitStart;
  std::atomic<uintptr_t> waitPc;
  std::atomic<bool> waitRead, waitTimed;
  // A lean mutex lock's real call in progress with no wait marked (lean_look=0:
  // MutexLockCall, rt_interceptors.cpp): the lock, or null. lockCalls numbers those calls and
  // lockCallPc is the call's pc; this thread writes all three, the lock last (release). The
  // watchdog takes a call it sees again on its next look, on a mutex another thread owns, for a
  // lock wait: a deadlock's, and a long wait or starvation counted from that first look.
  // callSeen* (written by the watchdog alone, NoteLockCalls): the call it saw first at
  // callSeenNs, of callSeenLock, whose acquisition count was callSeenAcq then, and the last look
  // that still saw it (callLastNs). callClaimed as waitClaimed.
  std::atomic<LockRec *> lockCall;
  std::atomic<uint64_t> lockCalls;
  std::atomic<uintptr_t> lockCallPc;
  std::atomic<uint64_t> callSeenSeq, callSeenNs, callSeenAcq, callLastNs, callClaimed;
  std::atomic<LockRec *> callSeenLock;
  uint32_t keyRounds;  // ThreadFinish calls so far (pthread_key destructor rounds)
  // A condition, semaphore or barrier wait (BeginObjectWait): waitObj is its object, 0 when
  // none. The stack of that wait or of a join is written before the wait is published and
  // read by the watchdog only for a wait it has seen unchanged on two looks.
  std::atomic<uintptr_t> waitObj, waitObjMutex;
  std::atomic<uint8_t> waitObjKind;
  std::atomic<bool> waitObjExternal;
  uint32_t waitStackN;
  uintptr_t waitStack[kWaitStackMax];
  // The lock's acqWhileWaited when the current lock wait began.
  std::atomic<uint64_t> waitAcq0;
  // The last wait (waitSeq) whose timing report was claimed (ClaimWaitReport): each wait is
  // reported at most once, by whoever decides first.
  std::atomic<uint64_t> waitClaimed;
  // Who held the lock when the current wait began (written and read by this thread only).
  uint32_t waitHolders[kMaxWaitHolders];
  uint32_t waitNHolders;
  // Work moved out of a critical section (this thread only). The last contended acquisition's
  // wait histogram entry (FinishWait), and the last hold's time
  // (hold_times), done after the next real unlock (or before the next contended wait, at
  // thread exit, at exit): nothing in the critical section writes a line other threads use.
  // Any of deferWaitLock, deferHoldLock, deferMisuseLock set (HasDeferred: the unlock's fast
  // path tests one byte); set with each, cleared by FinishDeferred.
  bool deferred = false;
  LockRec *deferWaitLock;
  uint64_t deferWaitNs;
  LockRec *deferHoldLock;
  uint64_t deferHoldNs;
  // Some slot of waitTimes or holdTimes (below) was used: a flush reads them only then, so a
  // thread that never waited does not touch their pages at its exit.
  std::atomic<bool> timesUsed;
  // A release of a lock this thread does not hold, found before the real unlock and
  // reported after it (FinishDeferred, from the unlock's own hook): the report's once-per-site
  // check, stack capture and queueing never run while the program's unlock is still to come
  // (another thread may be waiting for it, or be timed against it). Null: none pending.
  LockRec *deferMisuseLock = nullptr;
  uintptr_t deferMisusePc = 0;
  // Lock records this thread made (written by it alone; NumLocksSeen sums them under
  // g_threads_mu, and the count moves to the global one as the thread leaves the registry).
  std::atomic<uint64_t> locksMade{0};
  // The lock-order detector's context: its 16 KiB edge cache is touched only by a thread that
  // nests locks, and the fields above (one or two pages) by every thread.
  LockOrderThread lo;
  // Wait and hold times not yet in their locks' histograms (AddLockTime): this thread adds
  // them with plain writes, so waiting for a contended lock writes no shared line of its
  // statistics. Last, as they are touched only by a thread that waits for a lock (or measures
  // hold times).
  struct TimeEnt {
    std::atomic<LockRec *> lock;
    HistogramBatch times;
  } waitTimes[kTimeSlots], holdTimes[kTimeSlots];
};

inline bool HasDeferred(const ThreadState *ts) {
  return ts->deferred;
}

extern SpinLock g_threads_mu;
extern Vec<ThreadState *> &g_threads;  // under g_threads_mu
extern __thread ThreadState *t_state __attribute__((tls_model("initial-exec")));

void InitThreads();  // at start-up, before the first thread state
// `tid` is assigned by the creating thread (in pthread_create order, so T<n> numbering is
// deterministic), or ~0u for a thread the runtime did not see being created.
ThreadState *NewThreadState(uint32_t parent, uintptr_t createPc, uint32_t tid = ~0u);
ThreadState *FindThread(uint32_t tid);  // under g_threads_mu
// The holders of l as runtime thread ids (at most kMaxWaitHolders). The lock must be alive,
// unless `peek`: then its memory is read through RtPeek (the watchdog's reads, rt_locks.h), and
// a lock whose memory cannot be read has no holder the runtime can name.
uint32_t HoldersOf(LockRec *l, uint32_t *out, bool includeReaders, bool peek = false);
void FlushAllAcquisitionCounts();
// The deferred end of the thread's last contended wait (rt_waits.cpp; see deferWaitLock).
void FinishWait(ThreadState *ts);
// Adds ns to the thread's batch of l's wait times (or hold times): see ThreadState::waitTimes.
void AddLockTime(ThreadState *ts, LockRec *l, uint64_t ns, bool hold);
uint64_t NumThreadsSeen();

// The record of the lock at addr when the thread's look-up cache misses it: a plain mutex's
// own words name it (RecordOfMutex), else the table's (the mutex's words then get its number).
inline LockRec *LookupLockSlow(const void *addr, LockKind kind) {
  bool plain = CountersInMutex(kind, addr);
  if (plain)
    if (LockRec *l = RecordOfMutex(addr)) return l;
  LockRec *l = GetLock(addr, kind);
  if (plain) NoteRecordOfMutex(addr, l);
  return l;
}

inline LockRec *LookupLock(ThreadState *ts, const void *addr, LockKind kind) {
  uintptr_t a = uintptr_t(addr);
  ThreadState::LookupEnt &e = ts->lookup[((a >> 3) ^ (a >> 11)) & (kLookupSize - 1)];
  if (e.addr == a) return e.lock;
  // A lock the thread has not used lately: its own memory is likely cold too, and the real
  // call will miss on it after the table's misses. Fetched now, the misses overlap.
  __builtin_prefetch(addr);
  LockRec *l = LookupLockSlow(addr, kind);
  e.addr = a;
  e.lock = l;
  return l;
}

// Flushes the contended-wait and failed-try counts of the batch a (of lock l) into l's side
// block (rt_threads.cpp). `exchange`: another thread's batch (the exit summary's flush).
void FlushEventCounts(ThreadState::AcqEnt &a, LockRec *l, bool exchange);

// Slot a (AcqSlot(l)), which holds another lock's batch or none, given to l, the other
// batch flushed into its lock first. A load and a store, not an exchange: only the exit
// summary's flush (FlushAcq) writes another thread's batch, and a count it races with may be
// lost or counted twice (the statistics tolerate that), while an exchange is a locked
// instruction on every eviction (every acquisition of a program that walks more locks than
// the batch has slots). For the same reason the evicted batch of a lock this thread made is
// added without one.
inline void MoveAcqSlotInline(ThreadState *ts, ThreadState::AcqEnt &a, LockRec *l) {
  if (LockRec *cur = a.lock.load(std::memory_order_relaxed)) {
    uint64_t n = a.n.load(std::memory_order_relaxed);
    a.n.store(0, std::memory_order_relaxed);
    AddAcquisitions(cur, n, ts->tid);
    if (__builtin_expect(a.events.load(std::memory_order_relaxed) != 0, 0))
      FlushEventCounts(a, cur, false);
  }
  a.lock.store(l, std::memory_order_relaxed);
}

// MoveAcqSlotInline out of line: the lean mutex lock's eviction (its only other call is the
// real try).
void MoveAcqSlot(ThreadState *ts, ThreadState::AcqEnt &a, LockRec *l);

// The slot of l's batch in the thread's batches, a batch of another lock there flushed into
// that lock first.
inline ThreadState::AcqEnt &AcqBatch(ThreadState *ts, LockRec *l) {
  ThreadState::AcqEnt &a = ts->acq[AcqSlot(l)];
  if (a.lock.load(std::memory_order_relaxed) != l) MoveAcqSlotInline(ts, a, l);
  return a;
}

// Counts an acquisition of l in the thread's batch (ThreadState::acq).
inline void CountAcquisition(ThreadState *ts, LockRec *l) {
  ThreadState::AcqEnt &a = AcqBatch(ts, l);
  a.n.store(a.n.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// Counts a contended wait for l, or a failed try of l, in the thread's batch (the value is
// what one event adds to AcqEnt::events). A count that reaches 2^31 is flushed at once: the
// lock stays in its slot for as long as the thread keeps using it, and a half would
// otherwise carry into the other or wrap.
enum class LockEvent : uint64_t { kContended = 1, kTryFail = uint64_t(1) << 32 };
void CountLockEvent(ThreadState *ts, LockRec *l, LockEvent e);

// The join-order tree (rt_hb.h), each call under the tree's lock.
uint64_t NextSeq();
void TreeMadeEdge(uint32_t tid);  // tid made a lock-order edge: keep its record
uint32_t TidOfHandle(pthread_t th);  // ~0u for a thread the runtime did not see created
size_t TreeSize();
// The graph asks under its own lock; the tree is read under the tree's (leaf) lock.
struct LockedTree final : HappensBefore {
  bool endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) override;
};

void ThreadsLockForFork();
void ThreadsUnlockForFork();
void ThreadsResetInChild();

} // namespace parcheck
#endif
