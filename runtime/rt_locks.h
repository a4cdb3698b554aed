//===- rt_locks.h - the table of every lock the runtime has seen ----------===//
//
// One LockRec per lock address, found through a lock-free hash table over an mmap'ed bucket
// array. Records are never freed: a destroyed or freed lock's record is reused by the next
// lock at that address, with a new id (LockId) and a new epoch. Counters are relaxed atomics
// written by the acquiring thread. A lock's LockSide (contention counters, shared holders,
// statistics) is made only when needed; `waiters` and `acqWhileWaited` are written only
// around contended waits and by acquisitions of a lock somebody waits for.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_LOCKS_H
#define PARCHECK_RT_LOCKS_H

#include "rt_common.h"
#include "rt_stats.h"

#include <pthread.h>

namespace parcheck {

enum LockKind : uint8_t { kMutex, kRwLock, kSpin, kMtx };


// What only some locks need: made when the lock is first waited for (its wait histogram, or
// its wait counters if they are not in the mutex), when a thread's batch of its contended
// waits or failed trylocks is flushed (ThreadState::AcqEnt), or on its first shared or
// spin-lock acquisition (SideOf); never freed. Keeping it out of LockRec keeps
// the record at one cache line (a million heap mutexes cost 64 MB of records, not 128), and
// keeps the line every acquisition reads free of the words waiters write.
struct alignas(64) LockSide {
  // Threads waiting for the lock now (counted only when waits are classified). The fast path
  // only reads it: while it is 0, acquisitions touch nothing shared. (A plain mutex keeps
  // this count and acqWhileWaited in its own words instead: WaitCounters.)
  std::atomic<uint32_t> waiters;
  std::atomic<uint32_t> owner;       // spin locks only: tid+1 of the holder (mutexes and
                                     // rwlocks record their owner's kernel tid themselves)
  std::atomic<uint32_t> readers[4];  // tid+1 of some shared holders
  // Contended waits and failed trylocks: each thread adds its batch (ThreadState::AcqEnt),
  // so a thread waiting for the lock does not write this line at each wait.
  std::atomic<uint64_t> contended, tryFail;
  // Acquisitions made while waiters > 0: a waiter reads it when its wait begins and ends, and
  // the difference is exactly how many times other threads took the lock meanwhile.
  std::atomic<uint64_t> acqWhileWaited;
  std::atomic<LockStats *> stats;    // wait and hold histograms, made on first use
  // What LockRec::acqOwn and acqOthers carried past 2^32 (AddAcquisitions).
  std::atomic<uint64_t> acqCarry;
};
static_assert(sizeof(LockSide) == 64, "one cache line");

// One cache line: what every acquisition reads (written only when the lock is created,
// destroyed, first taken, or when a thread's acquisition batch for it is flushed, so for a hot
// lock it stays clean in every core's cache) and the table chain.
struct alignas(64) LockRec {
  uintptr_t addr;
  // Current generation: drawn when the record is made; 0 after a create or destroy until used.
  std::atomic<uint64_t> id;
  std::atomic<uintptr_t> firstPc;
  // Flushed acquisition batches (ThreadState::acq; AddAcquisitions). The thread that made the
  // record (`owner`) adds to acqOwn with a plain load and store, every other thread to
  // acqOthers with an atomic add: a thread that walks many locks of its own (its batches
  // evicted at every acquisition) then makes no locked instruction per acquisition. Each
  // half carries into LockSide::acqCarry when it wraps.
  std::atomic<uint32_t> acqOwn, acqOthers;
  // Bumped when the lock is (re)initialised or destroyed, or released by a thread that did not
  // hold it: every hold recorded under an older epoch is stale (its holder no longer has it).
  std::atomic<uint32_t> epoch;
  LockKind kind;
  std::atomic<bool> inGraph;
  // The depot id of the first acquisition's stack (its first frame is firstPc), for the
  // lock's name; 0 until the thread that set firstPc has stored it. Set once per record.
  std::atomic<uint32_t> firstStack;
  uint32_t owner;  // ThreadState::tid + 1 of the thread that made the record; 0: none
  std::atomic<LockRec *> next;
  std::atomic<LockSide *> side;  // null until SideOf
};
static_assert(sizeof(LockRec) == 64, "one cache line");

LockSide *SideOfSlow(LockRec *l);
inline LockSide *SideOf(LockRec *l) {  // created on first use
  LockSide *s = l->side.load(std::memory_order_acquire);
  return s ? s : SideOfSlow(l);
}
inline LockSide *SideIfAny(const LockRec *l) { return l->side.load(std::memory_order_acquire); }


// Adds n acquisitions of l, counted by the thread whose ThreadState::tid is `tid`, to l's
// count (see LockRec::acqOwn). Only a thread adding its own batches may pass its own tid:
// anyone else (the exit summary flushing other threads' batches) passes ~0u.
void AddAcquisitionCarry(LockRec *l, uint64_t carry);
inline void AddAcquisitions(LockRec *l, uint64_t n, uint32_t tid) {
  uint64_t carry;
  if (l->owner == tid + 1) {
    uint64_t s = uint64_t(l->acqOwn.load(std::memory_order_relaxed)) + n;
    l->acqOwn.store(uint32_t(s), std::memory_order_relaxed);
    carry = s >> 32 << 32;
  } else {
    uint32_t lo = uint32_t(n);
    uint64_t old = l->acqOthers.fetch_add(lo, std::memory_order_relaxed);
    carry = (n >> 32 << 32) + ((old + lo) >> 32 << 32);
  }
  if (__builtin_expect(carry != 0, 0)) AddAcquisitionCarry(l, carry);
}
uint64_t LockAcquisitions(const LockRec *l);  // every batch added so far


void InitLockTable();  // at start-up, before the first lock is seen
// The record of the lock at addr, created on first use (the hooks look in the thread's own
// cache first).
LockRec *GetLock(const void *addr, LockKind kind);
LockRec *FindLock(const void *addr);  // null if the address never held a lock
// At thread exit: what is left of the thread's run of fresh records goes to other threads.
void ReturnRecordRun();
void RecordsForkLock();  // around fork (rt_init.cpp)
void RecordsForkUnlock();
// Calls f for every lock whose record lies in [lo, hi) (freed or unmapped memory). A range
// within 8 MiB visits the buckets of its 8-byte units where a lock was ever seen
// (LockMayStartAt; 32 bytes per bucket); a bigger one walks the whole table once.
void ForEachLockInRange(uintptr_t lo, uintptr_t hi, void (*f)(LockRec *));

// The lock's id: its address generation, drawn when its record is made and again at its first
// use after a create or destroy (ForgetLock resets it to 0 until then).
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
uint32_t LockFirstStack(LockRec *l);  // 0: none (yet)
LockKind LockKindOf(LockRec *l);
uint64_t NumLocksSeen();  // takes g_threads_mu
// A finished thread's ThreadState::locksMade (under g_threads_mu, as it leaves the registry).
void AddLocksMade(uint64_t n);

// glibc's mutex layout, read by the hooks and the watchdog. The type is in __data.__kind
// (PTHREAD_MUTEX_KIND_MASK_NP == 3); mtx_t shares the layout.
inline int MutexType(const void *m) {
  return static_cast<const pthread_mutex_t *>(m)->__data.__kind & 3;
}
// The protocol bits beside the type in __data.__kind (glibc's PTHREAD_MUTEX_ROBUST_NORMAL_NP,
// PTHREAD_MUTEX_PRIO_INHERIT_NP: both make glibc check the owner on unlock and record it in
// the futex word; PTHREAD_MUTEX_PRIO_PROTECT_NP; PTHREAD_MUTEX_PSHARED_BIT, which glibc also
// sets for every robust mutex).
enum : int { kMutexRobust = 16, kMutexPrioInherit = 32, kMutexPrioProtect = 64,
              kMutexPshared = 128 };
inline int MutexKindBits(const void *m) {
  return static_cast<const volatile pthread_mutex_t *>(m)->__data.__kind;
}
// The kernel tid glibc records as the mutex's owner (every type; 0: free). A robust or
// priority-inheritance mutex's true owner is in its futex word (HoldersOf).
inline pid_t MutexOwner(const void *m) {
  return static_cast<const volatile pthread_mutex_t *>(m)->__data.__owner;
}

// The watchdog's reads of a lock's memory. A wait may end, and the program free and unmap the
// lock, between the look that noted the wait and these reads: they go through RtPeek
// (rt_common.h), which never faults, and say what they could not read.
// A mutex's __data.__kind (MutexKindBits), or `ifGone`.
inline int PeekMutexKindBits(const void *m, int ifGone) {
  int v;
  return RtPeek(&static_cast<const volatile pthread_mutex_t *>(m)->__data.__kind, &v) ? v
                                                                                      : ifGone;
}
// An owner nobody can name: the lock's memory could not be read. Not 0 (free), and no thread's
// kernel tid: a wait for it is a wait for a thread the runtime does not know.
constexpr pid_t kOwnerUnknown = -1;
// MutexOwner, or kOwnerUnknown.
inline pid_t PeekMutexOwner(const void *m) {
  int v;
  return RtPeek(&static_cast<const volatile pthread_mutex_t *>(m)->__data.__owner, &v)
             ? pid_t(v)
             : kOwnerUnknown;
}

// Every record made while the record arena lasts has a number, 1 to kArenaRecords (0: none):
// its place in the arena (rt_locks.cpp). A plain mutex (CountersInMutex) keeps the number of
// its record in its own words (MutexRecordWord, beside its wait counters): a thread whose
// look-up cache misses the mutex reads it on the line its lock call takes anyway, and
// RecordOfMutex checks it against the record's address, so a number copied with the mutex's
// bytes, or left by an earlier lock at an address now holding another kind of object, is only
// a miss (the table is then searched, and the number written again).
// A million numbered records: 64 MiB of address space (which counts towards RLIMIT_AS).
constexpr size_t kArenaRecords = size_t(1) << 20;
extern char *g_arena;
// The arena is reserved inaccessible and made readable and writable in 2 MiB steps as records
// are carved from it (so that it costs no commit charge under strict overcommit): its bytes
// [0, g_arena_committed) are accessible. Grows only.
extern std::atomic<size_t> g_arena_committed;
inline uint32_t RecordIndex(const LockRec *l) {
  uintptr_t d = uintptr_t(l) - uintptr_t(g_arena);
  return g_arena && d < kArenaRecords * sizeof(LockRec) ? uint32_t(d / sizeof(LockRec) + 1) : 0;
}
inline std::atomic<uint32_t> *MutexRecordWord(const void *m) {
  auto *p = static_cast<pthread_mutex_t *>(const_cast<void *>(m));
  return reinterpret_cast<std::atomic<uint32_t> *>(
      reinterpret_cast<char *>(&p->__data.__list.__prev) + sizeof(uint32_t));
}
// The record whose number the plain mutex at m (CountersInMutex) keeps, if it is that
// address's record; null otherwise. Reads only the mutex's words and, for a number in the
// arena's accessible part, that record (a number past the records made reads zeros).
inline LockRec *RecordOfMutex(const void *m) {
  uint32_t i = MutexRecordWord(m)->load(std::memory_order_acquire);
  if (!i || uint64_t(i) * sizeof(LockRec) > g_arena_committed.load(std::memory_order_acquire))
    return nullptr;
  LockRec *l = reinterpret_cast<LockRec *>(g_arena) + (i - 1);
  return l->addr == uintptr_t(m) ? l : nullptr;
}
// Writes l's number into the plain mutex at m (which must pass CountersInMutex), unless it
// is there already.
inline void NoteRecordOfMutex(const void *m, const LockRec *l) {
  uint32_t i = RecordIndex(l);
  std::atomic<uint32_t> *w = MutexRecordWord(m);
  if (i && w->load(std::memory_order_relaxed) != i) w->store(i, std::memory_order_release);
}

// Where a lock's wait counters live, and how acquisitions made during a wait are counted
// (what the starvation verdict needs: how many times other threads took the lock while one
// waited). A waiter reads an acquisition count when its wait begins and again when it ends,
// before counting its own acquisition; the difference is the other threads' acquisitions.
//  * A plain mutex (pthread_mutex_t or mtx_t, not robust, priority-inheritance,
//    priority-protect or process-shared) keeps the count in its own robust-list words
//    (__data.__list), which glibc uses for robust mutexes only and zeroes when it initialises
//    the mutex, and every acquisition counts (`always`): its new holder adds one with a plain
//    load and store on the line its lock call has just taken, and a waiter only reads it. A
//    waiter that announced itself with a locked add, as below, wrote the line the holder was
//    using twice per contended acquisition: on one hot mutex two threads take turns at, that
//    was a sixth of the shim's time (issue 13, hot-pinned).
//  * Every other lock keeps its counters in its side block (a robust mutex's words are glibc's
//    list, a process-shared mutex's are seen by other processes), and only acquisitions made
//    while somebody waits count: a waiter adds itself to `waiters` before its first read and
//    leaves after its second, and an acquisition counts only while `waiters` is not 0 (its
//    holders, shared ones among them, then write the side block only around waits).
// Which of the two a lock uses follows from its kind, which only a re-initialisation changes.
// (The watchdog reads a waited-for mutex's words, as it reads its owner: the mutex is alive
// while somebody waits for it.)
struct WaitCounters {
  std::atomic<uint32_t> *waiters = nullptr;  // null: the lock has no side block yet
  std::atomic<uint64_t> *acq = nullptr;
  bool always = false;  // a plain mutex's: every acquisition counts, `waiters` is not used
  explicit operator bool() const { return waiters != nullptr; }
};
static_assert(sizeof(((pthread_mutex_t *)nullptr)->__data.__list) == 16 &&
                  alignof(pthread_mutex_t) >= 8,
              "a mutex's robust-list words hold the two counters");
// A mutex whose __data.__kind is `bits` keeps the counters in its own words.
inline bool CountersInMutexBits(int bits) {
  return !(bits & (kMutexRobust | kMutexPrioInherit | kMutexPrioProtect | kMutexPshared));
}
inline bool CountersInMutex(LockKind kind, const void *addr) {
  return (kind == kMutex || kind == kMtx) && CountersInMutexBits(MutexKindBits(addr));
}
inline WaitCounters MutexWaitCounters(const void *addr) {
  auto *m = static_cast<pthread_mutex_t *>(const_cast<void *>(addr));
  return {reinterpret_cast<std::atomic<uint32_t> *>(&m->__data.__list.__prev),
          reinterpret_cast<std::atomic<uint64_t> *>(&m->__data.__list.__next), true};
}
inline WaitCounters SideWaitCounters(LockSide *side) {
  if (!side) return {};
  return {&side->waiters, &side->acqWhileWaited};
}
// The watchdog's read of the acquisition count (WaitCounters::acq) of a lock some thread
// waits for: from a plain mutex's own words through RtPeek, like the reads above, or from its
// side block; `ifGone` if the lock has no counters yet or its memory cannot be read.
inline uint64_t PeekAcqCount(const LockRec *l, uint64_t ifGone) {
  if (l->kind == kMutex || l->kind == kMtx) {
    pthread_mutex_t m;  // one read of the whole mutex: its type and, if plain, its count
    if (!RtReadMemory(reinterpret_cast<const void *>(l->addr), &m, sizeof(m))) return ifGone;
    if (CountersInMutexBits(m.__data.__kind)) {  // the count is its own (MutexWaitCounters)
      uint64_t v;
      memcpy(&v, &m.__data.__list.__next, sizeof(v));
      return v;
    }
  }
  WaitCounters c = SideWaitCounters(SideIfAny(l));
  return c ? c.acq->load() : ifGone;
}
// The lock's counters, or none if they would be in a side block it does not have (then
// nobody waits for it: a waiter makes the block first, WaitCountersOf).
inline WaitCounters WaitCountersIfAny(const LockRec *l) {
  const void *addr = reinterpret_cast<const void *>(l->addr);
  if (CountersInMutex(l->kind, addr)) return MutexWaitCounters(addr);
  return SideWaitCounters(SideIfAny(l));
}
inline WaitCounters WaitCountersOf(LockRec *l) {
  const void *addr = reinterpret_cast<const void *>(l->addr);
  if (CountersInMutex(l->kind, addr)) return MutexWaitCounters(addr);
  return SideWaitCounters(SideOf(l));
}

// One acquisition of the lock (WaitCounters::acq), counted by its new holder right after the
// real call took it. Exclusive holders are ordered by the lock
// itself (each adds inside its own critical section, none at the same time as another), so
// they add with a plain load and store: no locked instruction, whose fence would wait in the
// critical section for the stores before it. Shared (read) holders add atomically.
inline void CountAcqWhileWaited(WaitCounters c, bool exclusive) {
  if (exclusive)
    c.acq->store(c.acq->load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  else
    c.acq->fetch_add(1, std::memory_order_relaxed);
}
// The count for an acquisition just made: always for a plain mutex's counters, else if
// somebody waits (the counters' waiter count).
inline void CountIfWaited(WaitCounters c, bool exclusive) {
  if (c && (c.always || c.waiters->load(std::memory_order_relaxed)))
    CountAcqWhileWaited(c, exclusive);
}
// The word of a free spin lock, as this libc's pthread_spin_init leaves it: glibc's generic
// code uses 0, its x86 code 1 (lock decrements it to 0). Read once from a probe initialised by
// the real pthread_spin_init (rt_interceptors.cpp).
int SpinFreeWord();

} // namespace parcheck
#endif
