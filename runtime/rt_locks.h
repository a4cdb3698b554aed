//===- rt_locks.h - the table of every lock the runtime has seen ----------===//
//
// One LockRec per lock address, found through a lock-free hash table over an mmap'ed bucket
// array. Records are never freed: a destroyed or freed lock's record is reused by the next
// lock at that address, with a new id (LockId) and a new epoch. Counters are relaxed atomics
// written by the acquiring thread. `waiters` and `acqWhileWaited` are written only around
// contended waits and by acquisitions of a lock somebody waits for.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_LOCKS_H
#define PARCHECK_RT_LOCKS_H

#include "rt_common.h"
#include "rt_stats.h"

#include <pthread.h>

namespace parcheck {

enum LockKind : uint8_t { kMutex, kRwLock, kSpin, kMtx };


// The first cache line holds what every acquisition reads (and the acquisition count, which
// a thread adds its batch to only when the batch is evicted or flushed, so for a hot lock it
// stays clean); the second what the table walk, contended waits and the watchdog touch.
struct alignas(64) LockRec {
  uintptr_t addr;
  std::atomic<uint64_t> id;  // current generation; 0 until first use after create/destroy
  std::atomic<uintptr_t> firstPc;
  std::atomic<uint64_t> acq;       // flushed acquisition batches (see ThreadState::acq)
  // Bumped when the lock is (re)initialised or destroyed, or released by a thread that did not
  // hold it: every hold recorded under an older epoch is stale (its holder no longer has it).
  std::atomic<uint32_t> epoch;
  // Threads waiting for the lock now (counted only when waits are classified). The fast path
  // only reads it: while it is 0, acquisitions touch nothing shared.
  std::atomic<uint32_t> waiters;
  LockKind kind;
  std::atomic<bool> inGraph;
  alignas(64) std::atomic<LockRec *> next;
  std::atomic<LockStats *> stats;
  std::atomic<uint32_t> owner;  // spin locks only: tid+1 of the holder (mutexes and rwlocks
                                // record their owner's kernel tid themselves)
  std::atomic<uint32_t> readers[4];  // tid+1 of some shared holders
  std::atomic<uint64_t> contended, tryFail;
  // Acquisitions made while waiters > 0: a waiter reads it when its wait begins and ends, and
  // the difference is exactly how many times other threads took the lock meanwhile.
  std::atomic<uint64_t> acqWhileWaited;
};
static_assert(sizeof(LockRec) == 128, "two cache lines");


void InitLockTable();  // at start-up, before the first lock is seen
// The record of the lock at addr, created on first use (the hooks look in the thread's own
// cache first).
LockRec *GetLock(const void *addr, LockKind kind);
LockRec *FindLock(const void *addr);  // null if the address never held a lock
// Calls f for every lock whose record lies in [lo, hi) (freed or unmapped memory). A range
// within 8 MiB visits the buckets of its addresses (8 bytes per bucket, the lowest address
// bits the table keeps); a bigger one walks the whole table once.
void ForEachLockInRange(uintptr_t lo, uintptr_t hi, void (*f)(LockRec *));

// The lock's id: its address generation, assigned at first use after create or destroy (0
// until then, and again after ForgetLock resets it).
uint64_t LockIdSlow(LockRec *l);
inline uint64_t LockId(LockRec *l) {
  uint64_t id = l->id.load(std::memory_order_acquire);
  return id ? id : LockIdSlow(l);
}
LockStats *StatsOf(LockRec *l);  // created on first use

struct LockStatRow {
  LockRec *lock;
  LockKind kind;
  uint64_t acq, contended, tryFail;
  LockStats *stats;
};
// Every lock taken or tried at least once (acquisition batches must be flushed first:
// FlushAllAcquisitionCounts).
void CollectLockStats(Vec<LockStatRow> *rows);
uintptr_t LockAddr(LockRec *l);
uintptr_t LockFirstPc(LockRec *l);
LockKind LockKindOf(LockRec *l);
uint64_t NumLocksSeen();

// glibc's mutex layout, read by the hooks and the watchdog. The type is in __data.__kind
// (PTHREAD_MUTEX_KIND_MASK_NP == 3); mtx_t shares the layout.
inline int MutexType(const void *m) {
  return static_cast<const pthread_mutex_t *>(m)->__data.__kind & 3;
}
// The protocol bits beside the type in __data.__kind (glibc's PTHREAD_MUTEX_ROBUST_NORMAL_NP,
// PTHREAD_MUTEX_PRIO_INHERIT_NP); both make glibc check the owner on unlock and record it in
// the futex word.
enum : int { kMutexRobust = 16, kMutexPrioInherit = 32 };
inline int MutexKindBits(const void *m) {
  return static_cast<const volatile pthread_mutex_t *>(m)->__data.__kind;
}

} // namespace parcheck
#endif
