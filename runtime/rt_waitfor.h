//===- rt_waitfor.h - wait-for cycles and stuck processes ------------------===//
//
// The watchdog's deadlock decisions, as pure functions over a snapshot of every live thread
// the runtime knows (no clock, no locks, no libc calls: unit-tested in
// unittests/runtime/WaitForTest.cpp).
//
// Two findings:
//  * A wait-for cycle: thread -> a holder of the lock it waits for, or -> the thread it joins,
//    over threads in untimed lock waits and joins, back to a thread already on the path.
//  * A stuck process (Go's "all goroutines are asleep"): every live thread is blocked, with no
//    timeout, in a wait that only another thread of this process can end: a lock, a join, a
//    condition variable, sem_wait or a barrier. Nothing is left running to end any of them.
//
// Wrinkles, each decided conservatively (a missed report, never a false one):
//  * A thread in no counted wait (running, or in read(), poll(), accept(), sleep, ...) may
//    still end the others' waits: no finding.
//  * A timed wait ends by itself; a process-shared object can be released by another process;
//    a semaphore can be posted by a signal handler (the host says `external` then): no finding.
//  * A join whose target is not among the live threads: the target is finishing (or unknown to
//    the runtime): no finding.
//  * `asleep` is the kernel's view: a thread woken but not yet scheduled is still marked
//    waiting by the runtime, and must not count.
// Confirmation over time (the same snapshot on two looks) is the host's job: SnapshotKey.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_WAITFOR_H
#define PARCHECK_RT_WAITFOR_H

#include "rt_common.h"

namespace parcheck {

enum class WaitKind : uint8_t { kNone, kLock, kJoin, kCond, kSem, kBarrier };

constexpr uint32_t kMaxWaitHolders = 16;  // an owner, some readers, queued writers

struct WaitEntry {
  uint32_t tid;
  WaitKind kind;
  bool timed;     // the wait has a timeout
  bool external;  // something outside the process's threads may end it (see above)
  bool asleep;    // the kernel has the thread sleeping
  uint64_t seq;   // the thread's wait sequence number: a new wait, a new number
  uint32_t joinTid;                    // kJoin: the thread joined
  uint32_t nHolders;                   // kLock: the lock's holders (runtime thread ids)
  uint32_t holders[kMaxWaitHolders];
};

// A wait-for cycle among the untimed lock waits and joins, as indices into `e` in path
// order (each thread waits for the next one; the last for the first). Starts from each
// waiter in turn and follows, at each step, the first holder that is itself such a waiter.
bool FindWaitCycle(const WaitEntry *e, size_t n, Vec<size_t> *cycle);

// True when there is at least one thread and every one is stuck as defined above.
bool AllStuck(const WaitEntry *e, size_t n);

// The identity of a set of waits (order-free): equal keys on two looks mean the same
// threads stayed in the same waits. Never 0.
uint64_t WaitSetKey(const WaitEntry *e, const size_t *idx, size_t n);
uint64_t SnapshotKey(const WaitEntry *e, size_t n);

} // namespace parcheck
#endif
