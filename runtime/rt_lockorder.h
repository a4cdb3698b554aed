//===- rt_lockorder.h - the lock-order detector ---------------------------===//
//
// The lock-order graph of every lock taken while another is held (rt_graph.h), checked for a
// cycle at each new edge, before the acquiring thread blocks. In the spirit of compiler-rt's
// sanitizer_deadlock_detector_interface.h (DDetector, DDCallback): the detector knows lock
// ids, a per-thread context and the thread's held locks; everything else (stacks, the
// join order, what to do with a new edge or a report) comes through LockOrderCallbacks, so
// it runs, and is unit-tested, with no threads (unittests/runtime/LockOrderTest.cpp).
//
// The calls, for one thread:
//   before a blocking acquisition of lock `id`, unless NoEdgeInto:  beforeLock(...)
//   after it succeeds (any acquisition):  the host pushes a Held (tried = NoEdgeInto)
//   before the release:                   the host pops it
//   when the lock is destroyed or its memory freed:  forget(id)
// The held-lock stack stays the host's (its other detectors read it too: misuse, waits, the
// watchdog); beforeLock reads it as an array.
//
// Locking: one spin lock guards the graph and the reported-cycle sets; it is taken only for
// an edge that the thread's own edge cache does not know. A report is built under it and
// handed to the callbacks after it is released.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_LOCKORDER_H
#define PARCHECK_RT_LOCKORDER_H

#include "rt_common.h"
#include "rt_hb.h"
#include "rt_stack.h"

namespace parcheck {

struct LockRec;  // the host's record of a lock: opaque here, handed back in reports
class LockGraph;

// A lock the thread holds, in acquisition order. The detector reads id, pc, stack, read and
// tried; the host keeps the rest.
struct Held {
  LockRec *lock;
  uint64_t id;
  uintptr_t pc;
  uint32_t epoch;  // the lock's epoch when taken; a different one now means a stale hold
  uint32_t count;  // recursion depth
  bool read;
  bool tried;      // no edges lead into it (a trylock, or a timed acquisition: NoEdgeInto)
  uint64_t since;  // acquisition time when hold times are measured
  StackRef stack;  // full stack when held_stacks=1
};

// No lock-order edge leads into a trylock (it cannot block), nor, unless reportTimedCycles,
// into a timed acquisition (it blocks at most until its timeout: a cycle through it ends by
// itself, as a timed back-off does). The edges out of the lock it takes are made as usual.
inline bool NoEdgeInto(bool trylock, bool timed, bool reportTimedCycles) {
  return trylock || (timed && !reportTimedCycles);
}

constexpr size_t kEdgeCacheSets = 256;  // per-thread cache of known edges: 256 sets of
constexpr size_t kEdgeCacheWays = 4;    // 4 (one cache line each), round-robin replacement

// The detector's per-thread context: written only by its thread.
struct LockOrderThread {
  uint32_t tid;
  bool isMaker;  // recorded as a maker of some edge (Callbacks::madeEdge called)
  struct CacheEnt { uint64_t from, to; };
  struct alignas(64) CacheSet { CacheEnt way[kEdgeCacheWays]; } cache[kEdgeCacheSets];
  uint8_t cacheNext[kEdgeCacheSets];  // the way to replace next
};

// The thread's edge cache: the set an edge lives in, and whether the thread already knows the
// edge from -> to (beforeLock skips it; the hooks' inline fast path asks first, rt_fastpath.h).
inline size_t EdgeCacheSet(uint64_t from, uint64_t to) {
  return U64Map<int>::hash(from * 0x9e3779b97f4a7c15ULL ^ to) & (kEdgeCacheSets - 1);
}
inline bool EdgeCached(const LockOrderThread *lt, uint64_t from, uint64_t to) {
  bool cached = false;
  for (const LockOrderThread::CacheEnt &w : lt->cache[EdgeCacheSet(from, to)].way)
    cached |= w.from == from && w.to == to;
  return cached;
}

// With at most this many locks held, every held lock gets a direct edge into a new
// acquisition (beforeLock, rt_lockorder.cpp, says why and what happens past it).
constexpr size_t kEdgeWindow = 16;

// A lock-order cycle, as reported: edges[k] goes from lock edges[k].from to edges[k].to, made
// by thread tid holding `from` (taken at heldStack) while taking `to` (at acqStack).
struct CycleEdge {
  uint64_t from, to;
  uint32_t tid;
  LockRec *fromLock, *toLock;
  StackRef heldStack, acqStack;
};
struct CycleReport {
  size_t n;
  CycleEdge *edges;
};
CycleReport *NewCycleReport(size_t n);
void FreeCycleReport(CycleReport *r);  // with its stacks

class LockOrderCallbacks {
public:
  // The acquisition's stack, as a stack depot id (rt_stackdepot.h; edges keep depot ids, so
  // nothing is freed per edge). Called at most once per beforeLock, only for a new edge.
  virtual uint32_t unwind(uintptr_t pc) = 0;
  virtual uint64_t stamp() = 0;  // from the sequence thread creations and joins share
  // The join order for ignoreJoinedCycles (asked under the detector's lock).
  virtual HappensBefore *joinOrder() = 0;
  virtual void madeEdge(uint32_t /*tid*/) {}  // the first edge tid made (keep its join record)
  // A new edge from h's lock into `to` (a sink edge included), under the detector's lock.
  virtual void newEdge(const Held & /*h*/, LockRec * /*to*/, uint64_t /*toId*/, uint32_t /*tid*/) {}
  // A new cycle, after the detector's lock is released; the callee owns r.
  virtual void report(CycleReport *r) = 0;
protected:
  ~LockOrderCallbacks() = default;
};

struct LockOrderOptions {
  bool detect = true;                     // look for cycles (edges are kept either way)
  bool ignoreJoinedCycles = true;         // rt_graph.h isReportable, with joinOrder()
  bool ignoreSingleThreadCycles = false;  // ditto
};

class LockOrderDetector {
public:
  void init(const LockOrderOptions &o);  // once, before any other call
  // The edges from the held locks into lock `id` (record `l`) about to be taken by a blocking
  // acquisition; reports a cycle one of them closes (once per set of locks, and once per set
  // of stacks). `held` is the thread's held-lock stack, oldest first. An edge into a lock that
  // has no other edge, made with no gate, is kept as a sink edge (rt_graph.h addSinkEdge:
  // no node, no Edge) until that lock gets another edge; edges keep their stacks as depot
  // ids, so forget frees nothing per edge.
  void beforeLock(LockOrderThread *lt, LockOrderCallbacks *cb, const Held *held, size_t n,
                  uint64_t id, LockRec *l, bool read, uintptr_t pc);
  void forget(uint64_t id);  // the lock is destroyed or its memory freed: drop its edges

  // For the reports: the record of a graph node (lockByIdUnlocked with the lock held), the
  // edges (inCycle: on a reported cycle) and the counts.
  LockRec *lockById(uint64_t id);
  LockRec *lockByIdUnlocked(uint64_t id);
  void forEachEdge(void (*f)(void *ctx, uint64_t from, uint64_t to, bool inCycle), void *ctx);
  // As forEachEdge, with the thread that first made the edge and the depot id of where it
  // took the edge's second lock (0: unknown), for the DOT graph's edge labels.
  void forEachEdgeSite(void (*f)(void *ctx, uint64_t from, uint64_t to, bool inCycle,
                                 uint32_t tid, uint32_t acqStackId),
                       void *ctx);
  uint64_t numEdges() const { return numEdges_.load(); }
  uint64_t numDuplicateCycles() const { return duplicateCycles_.load(); }

  void lockForFork() { mu_.lock(); }
  void unlockForFork() { mu_.unlock(); }

private:
  void markInCycle(uint64_t from, uint64_t to);
  CycleReport *checkCycle(LockOrderThread *lt, LockOrderCallbacks *cb, void *edge,
                          const Held &h, uint64_t id, uint32_t acqId, uintptr_t pc);
  LockOrderOptions opt_;
  SpinLock mu_;
  LockGraph *graph_ = nullptr;
  U64Map<char> *reportedCycles_ = nullptr;  // fingerprints of reported cycles
  U64Map<char> *reportedSites_ = nullptr;   // ... of their stacks
  U64Map<char> *cycleEdges_ = nullptr;      // edges on reported cycles
  std::atomic<uint64_t> numEdges_{0};
  std::atomic<uint64_t> duplicateCycles_{0};  // cycles not reported: the same stacks
};

} // namespace parcheck
#endif
