//===- rt_locks.cpp - the table of every lock the runtime has seen --------===//
#include "rt_locks.h"
#include "rt_memory.h"
#include "rt_threads.h"

#include <sys/mman.h>

namespace parcheck {

static constexpr size_t kLockBuckets = 1 << 20;
static std::atomic<LockRec *> *g_lock_buckets;  // mmap, lazily touched

// Neighbouring locks (an array of mutexes, a struct's members) get neighbouring buckets, so
// walking many locks walks the table instead of missing the cache at random; the address bits
// above the table's span are folded in so that locks at the same offset of different 16 MiB
// regions (thread stacks, per-object arenas) do not pile up in one chain. One bucket per 32
// bytes: a 40-byte mutex still has a bucket of its own (an array of them fills 4 buckets in
// 5), and an array of them touches 1.25 buckets (10 bytes of table) per lock: the table's
// page faults on first touch of many locks are a quarter of the records' and half of what
// one bucket per 16 bytes cost. Locks closer than 32 bytes (an array of spin locks) share a
// chain of at most 8.
static inline size_t BucketOf(uintptr_t a) {
  return size_t((a >> 5) ^ (a >> 25) ^ (a >> 45)) & (kLockBuckets - 1);
}

// Faulting in a page costs far more than anything else a new lock does (14 us for a 4 KiB
// page on a virtual machine with shadow page tables, against under 1 us per page when a
// range is populated in one call), and every page touched stays resident. So:
//  * the table's pages that ever had a record published in them are marked (g_table_pages,
//    set before the record is published): walking every lock (the exit statistics) reads
//    only those, not the whole 8 MiB table, which faulted it all in (2,048 faults and 8 MiB
//    of resident memory at the exit of a program with one report);
//  * the table is populated by aligned blocks of kBlockPages pages once a block is dense:
//    half its pages marked, or a neighbouring block full (an array of locks taken for the
//    first time fills block after block; BucketOf's XOR with the high address bits may
//    visit them in either order). Its other pages are then populated in one madvise call
//    instead of one fault each. Scattered locks rarely make a block dense, so they touch
//    only their own pages as before.
// MADV_POPULATE_WRITE (Linux 5.14) is advice here: where it fails, pages fault as before.
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
static constexpr size_t kTablePage = 4096 / sizeof(void *);  // buckets per page
static constexpr size_t kTablePages = kLockBuckets / kTablePage;
static constexpr size_t kBlockPages = 16;
static constexpr size_t kTableBlocks = kTablePages / kBlockPages;
static_assert(64 % kBlockPages == 0, "a block's marks lie in one word");
static std::atomic<uint64_t> g_table_pages[kTablePages / 64];

static inline bool TablePageMarked(size_t p) {
  return g_table_pages[p / 64].load(std::memory_order_relaxed) >> (p % 64) & 1;
}
static inline uint32_t BlockMarks(size_t k) {  // one bit per page of block k
  if (k >= kTableBlocks) return 0;
  size_t p = k * kBlockPages;
  return uint32_t(g_table_pages[p / 64].load(std::memory_order_relaxed) >> (p % 64)) &
         ((uint32_t(1) << kBlockPages) - 1);
}

// Page p was just marked: populates the rest of its block if the block is dense.
__attribute__((noinline)) static void PopulateBlockIfDense(size_t p) {
  constexpr uint32_t kFull = (uint32_t(1) << kBlockPages) - 1;
  size_t k = p / kBlockPages;
  uint32_t m = BlockMarks(k);
  if (m == kFull) return;
  if (__builtin_popcount(m) < int(kBlockPages / 2) && BlockMarks(k + 1) != kFull &&
      (k == 0 || BlockMarks(k - 1) != kFull))
    return;
  ErrnoSave es;
  madvise(reinterpret_cast<char *>(g_lock_buckets) + k * kBlockPages * 4096,
          kBlockPages * 4096, MADV_POPULATE_WRITE);
  size_t first = k * kBlockPages;
  g_table_pages[first / 64].fetch_or(uint64_t(kFull) << (first % 64), std::memory_order_relaxed);
}

// Before a record is published in bucket b.
static inline void NoteTableBucket(size_t b) {
  size_t p = b / kTablePage;
  if (TablePageMarked(p)) return;
  g_table_pages[p / 64].fetch_or(uint64_t(1) << (p % 64), std::memory_order_relaxed);
  PopulateBlockIfDense(p);
}

LockSide *SideOfSlow(LockRec *l) {
  LockSide *s = l->side.load(std::memory_order_acquire);
  if (s) return s;
  LockSide *n = new (InternalAlloc(sizeof(LockSide))) LockSide();
  if (l->side.compare_exchange_strong(s, n, std::memory_order_acq_rel)) return n;
  InternalFree(n, sizeof(LockSide));
  return s;
}

LockStats *StatsOf(LockRec *l) {
  LockSide *side = SideOf(l);
  LockStats *s = side->stats.load(std::memory_order_acquire);
  if (s) return s;
  LockStats *n = new (InternalAlloc(sizeof(LockStats))) LockStats();
  if (side->stats.compare_exchange_strong(s, n)) return n;
  InternalFree(n, sizeof(LockStats));
  return s;
}

// Each on a line of its own: a program making many locks from several threads bumps both.
alignas(64) static std::atomic<uint64_t> g_next_lock_id{1};
// Records made by threads without a ThreadState, and by finished threads (the others count
// their own: ThreadState::locksMade, NumLocksSeen).
alignas(64) static std::atomic<uint64_t> g_num_locks{0};

// Records come from a per-thread run of up to kRecRun of them (one internal allocation per
// run, not per lock: a program touching many locks for the first time from several threads
// does not serialise on the allocator's lock, and records made together lie together).
// Records are never freed; one that lost the race to publish its address is kept as the
// thread's spare, and a finished thread hands what is left of its run to the next thread that
// needs one (ReturnRecordRun), so threads that each make a lock or two do not strand memory.
static constexpr size_t kRecRun = 64;  // 4 KiB
static __thread LockRec *t_rec_next __attribute__((tls_model("initial-exec")));
static __thread size_t t_rec_left __attribute__((tls_model("initial-exec")));
static __thread LockRec *t_rec_spare __attribute__((tls_model("initial-exec")));
// Runs left by finished threads, each headed by its first (unused, zeroed) record's memory.
struct RecRun {
  RecRun *next;
  size_t left;
};
static_assert(sizeof(RecRun) <= sizeof(LockRec), "a run's header fits in its first record");
static SpinLock g_rec_mu;
static RecRun *g_rec_runs;  // under g_rec_mu

// Fresh runs are carved from one reserved range, the record arena (g_arena: address space
// only, each page resident once a record on it is written), so that every record has a
// 32-bit number (RecordIndex) a plain mutex can keep in its own words (MutexRecordWord): a
// thread that finds a mutex missing from its look-up cache reads the number on the line its
// lock call takes anyway, instead of walking the table's bucket, a line of its own. In order:
//  * the first kSmallRuns runs, one page each, faulted in as they are written (a small
//    program's resident memory grows by no more than its records);
//  * up to kHugeAfter records (1 MiB of them), chunks that double with the records made so
//    far (16 KiB to 512 KiB, never more than those: at most half of the memory is ahead of
//    use), populated in one madvise call (outside g_rec_mu) instead of a fault per page
//    (see g_table_pages);
//  * past it, 2 MiB-aligned chunks advised as transparent huge pages: a program that touches
//    100,000 locks takes a few huge-page faults for its records instead of 1,600 faults of
//    4 KiB. If the kernel gives no huge page (THP off, fragmentation), the chunk is faulted in
//    4 KiB pages: only the speed differs. (The rest of the arena is advised against huge
//    pages: with THP always on, the first record would fault in 2 MiB.)
// Once the arena is used up (kArenaBytes: a million records), or if it could not be reserved,
// the same sizes are mapped one by one and their records have no number: those locks are
// found through the table alone.
static constexpr uint64_t kSmallRuns = 4;
static constexpr uint64_t kHugeAfter = 1 << 14;
static constexpr size_t kHugeChunk = size_t(2) << 20;
static constexpr size_t kArenaBytes = kArenaRecords * sizeof(LockRec);
static_assert(kArenaBytes % kHugeChunk == 0, "the arena is whole huge pages");
char *g_arena;                           // null: no arena (set once, before any record)
std::atomic<size_t> g_arena_committed{0};  // written under g_rec_mu
static size_t g_arena_used;              // under g_rec_mu
static char *g_chunk_cur, *g_chunk_end;  // under g_rec_mu
static uint64_t g_runs_made;             // under g_rec_mu: fresh runs handed out

// n bytes of the arena aligned to `align`, or null once it is used up. Under g_rec_mu.
static char *TakeArenaLocked(size_t n, size_t align) {
  if (!g_arena) return nullptr;
  size_t at = (g_arena_used + align - 1) & ~(align - 1);
  if (at + n > kArenaBytes) return nullptr;
  size_t committed = g_arena_committed.load(std::memory_order_relaxed);
  if (at + n > committed) {
    size_t to = (at + n + kHugeChunk - 1) & ~(kHugeChunk - 1);
    if (mprotect(g_arena + committed, to - committed, PROT_READ | PROT_WRITE) != 0)
      return nullptr;
    g_arena_committed.store(to, std::memory_order_release);
  }
  g_arena_used = at + n;
  return g_arena + at;
}

// n bytes of fresh anonymous memory (prot, extra mmap flags) starting on a 2 MiB boundary, or
// null: a huge page more is mapped so that an aligned range lies inside, and the rest is
// unmapped.
static char *MapHugeAligned(size_t n, int prot, int flags) {
  void *m = mmap(nullptr, n + kHugeChunk, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  if (m == MAP_FAILED) return nullptr;
  uintptr_t lo = uintptr_t(m), hi = lo + n + kHugeChunk;
  uintptr_t a = (lo + kHugeChunk - 1) & ~uintptr_t(kHugeChunk - 1);
  if (a > lo) munmap(m, a - lo);
  if (hi > a + n) munmap(reinterpret_cast<void *>(a + n), hi - a - n);
  return reinterpret_cast<char *>(a);
}

// A fresh run, from the current chunk (a new one made when it is used up) or, for the first
// kSmallRuns, on its own; *populate is set to a new small chunk's size, for the caller to
// populate once g_rec_mu is released. Null if no memory could be had.
static LockRec *FreshRunLocked(size_t *populate) {
  size_t bytes = kRecRun * sizeof(LockRec);
  if (++g_runs_made <= kSmallRuns) {
    char *r = TakeArenaLocked(bytes, bytes);
    return reinterpret_cast<LockRec *>(r ? r : static_cast<char *>(InternalAlloc(bytes)));
  }
  if (size_t(g_chunk_end - g_chunk_cur) < bytes) {
    size_t n = kHugeChunk;
    char *c;
    if (g_runs_made > kHugeAfter / kRecRun) {
      c = TakeArenaLocked(n, kHugeChunk);
      if (!c) c = MapHugeAligned(kHugeChunk, PROT_READ | PROT_WRITE, 0);
      if (c) madvise(c, kHugeChunk, MADV_HUGEPAGE);  // advice only
    } else {
      n = size_t(16) << 10;  // at most the records made so far: ends at kHugeAfter exactly
      while (2 * n <= g_runs_made * bytes && n < (size_t(1) << 20)) n <<= 1;
      c = TakeArenaLocked(n, 4096);
      if (!c) {
        void *m = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        c = m == MAP_FAILED ? nullptr : static_cast<char *>(m);
      }
      if (c) *populate = n;
    }
    if (!c) return nullptr;
    g_chunk_cur = c;
    g_chunk_end = c + n;
  }
  LockRec *r = reinterpret_cast<LockRec *>(g_chunk_cur);  // fresh mmap memory is zero
  g_chunk_cur += bytes;
  return r;
}

static LockRec *NewRecord() {
  if (LockRec *r = t_rec_spare) {
    t_rec_spare = nullptr;
    return r;
  }
  if (!t_rec_left) {
    ErrnoSave es;  // a failed mmap or madvise sets errno, which the hook must keep
    RecRun *run;
    LockRec *fresh = nullptr;
    size_t populate = 0;
    {
      SpinGuard g(g_rec_mu);
      run = g_rec_runs;
      if (run)
        g_rec_runs = run->next;
      else
        fresh = FreshRunLocked(&populate);
    }
    if (populate)  // the new chunk starts with this run; other threads may already share it
      madvise(fresh, populate, MADV_POPULATE_WRITE);
    if (run) {
      t_rec_left = run->left;
      memset(static_cast<void *>(run), 0, sizeof(RecRun));
      t_rec_next = reinterpret_cast<LockRec *>(run);
    } else {
      t_rec_next = fresh ? fresh : static_cast<LockRec *>(InternalAlloc(kRecRun * sizeof(LockRec)));
      t_rec_left = kRecRun;
    }
  }
  --t_rec_left;
  LockRec *r = t_rec_next++;
  // The next record is fresh memory the next new lock will write: fetched now, its miss
  // overlaps with this lock's acquisition instead of stalling the next insertion.
  if (t_rec_left) __builtin_prefetch(t_rec_next, 1);
  return r;
}

void RecordsForkLock() { g_rec_mu.lock(); }
void RecordsForkUnlock() { g_rec_mu.unlock(); }

void ReturnRecordRun() {
  if (LockRec *r = t_rec_spare) {  // zeroed again: it goes back as a one-record run
    memset(static_cast<void *>(r), 0, sizeof(LockRec));
    t_rec_spare = nullptr;
    RecRun *run = reinterpret_cast<RecRun *>(r);
    run->left = 1;
    SpinGuard g(g_rec_mu);
    run->next = g_rec_runs;
    g_rec_runs = run;
  }
  if (!t_rec_left) return;
  RecRun *run = reinterpret_cast<RecRun *>(t_rec_next);
  run->left = t_rec_left;
  t_rec_left = 0;
  t_rec_next = nullptr;
  SpinGuard g(g_rec_mu);
  run->next = g_rec_runs;
  g_rec_runs = run;
}

// Ids are drawn one at a time from g_next_lock_id by a thread's first kDenseIds draws, so a
// small program's locks are numbered M1, M2, ... in the order of their first use; past that,
// the thread draws blocks of kIdBlock and hands them out itself. A program whose threads take
// many locks for the first time at once (an array of locks walked by every thread) otherwise
// made every first take a locked add on one line shared by all of them: 10% of the shim's
// time on bench/runtime's many-locks (4 threads, 100,000 locks). Ids stay unique; across
// threads, those of a block no longer follow the order of first use, and ids a finished
// thread did not use are skipped.
static constexpr uint64_t kDenseIds = 64, kIdBlock = 64;
static __thread uint64_t t_id_next __attribute__((tls_model("initial-exec")));
static __thread uint64_t t_id_end __attribute__((tls_model("initial-exec")));
static __thread uint64_t t_id_draws __attribute__((tls_model("initial-exec")));

static uint64_t DrawLockId() {
  if (t_id_next != t_id_end) return t_id_next++;
  if (++t_id_draws <= kDenseIds) return g_next_lock_id.fetch_add(1, std::memory_order_relaxed);
  t_id_next = g_next_lock_id.fetch_add(kIdBlock, std::memory_order_relaxed);
  t_id_end = t_id_next + kIdBlock;
  return t_id_next++;
}

uint64_t LockIdSlow(LockRec *l) {
  uint64_t id = 0;
  uint64_t n = DrawLockId();
  if (l->id.compare_exchange_strong(id, n)) return n;
  return id;
}

// Both look at the exact lock bitmap (rt_memory.h) before the bucket: an address where no
// record was ever made (every pthread_mutex_init of fresh memory) costs a bit test in a dense
// bitmap, not a miss on the bucket and on the records of other addresses chained there.
LockRec *FindLock(const void *addr) {
  uintptr_t a = uintptr_t(addr);
  if (!LockMayStartAt(a)) return nullptr;
  LockRec *l = g_lock_buckets[BucketOf(a)].load(std::memory_order_acquire);
  while (l && l->addr != a) l = l->next.load(std::memory_order_acquire);
  return l;
}

// The chain is walked without the bitmap test FindLock makes: GetLock is called for a lock
// being taken, whose record almost always exists (a thread's lookup cache missed it), and the
// bitmap's leaf and word would be two more dependent loads before the bucket's. (A record
// published after the walk makes the insertion's compare-exchange fail and the chain be
// walked again, so no address ever gets two records.)
static LockRec *InsertLock(uintptr_t a, LockKind kind, std::atomic<LockRec *> &b, LockRec *head);

LockRec *GetLock(const void *addr, LockKind kind) {
  uintptr_t a = uintptr_t(addr);
  std::atomic<LockRec *> &b = g_lock_buckets[BucketOf(a)];
  LockRec *head = b.load(std::memory_order_acquire);
  for (LockRec *l = head; l; l = l->next.load(std::memory_order_acquire))
    if (l->addr == a) return l;
  return InsertLock(a, kind, b, head);
}

// A new record for a, published at the head of its bucket b unless a record for a is
// published first; `head` is the chain GetLock walked. Out of line: GetLock's look-up then
// saves no registers for it.
__attribute__((noinline)) static LockRec *InsertLock(uintptr_t a, LockKind kind,
                                                     std::atomic<LockRec *> &b, LockRec *head) {
  NoteLockAddress(a);  // before the record is published (FindLock tests the bit first)
  NoteTableBucket(size_t(&b - g_lock_buckets));  // likewise (ForEachLock)
  LockRec *n = NewRecord();  // zeroed (a spare only ever had addr, kind, owner and next
                             // written)
  ThreadState *ts = t_state;
  n->addr = a;
  n->kind = kind;
  n->owner = ts ? ts->tid + 1 : 0;
  // The id is drawn before the record is published, so no thread ever sees it 0 and assigns
  // one with a locked compare-exchange (LockIdSlow), which waits for the new record's stores.
  n->id.store(DrawLockId(), std::memory_order_relaxed);
  for (;;) {
    n->next.store(head, std::memory_order_relaxed);
    if (b.compare_exchange_weak(head, n, std::memory_order_acq_rel)) break;
    for (LockRec *l = head; l; l = l->next.load(std::memory_order_acquire))
      if (l->addr == a) {
        n->next.store(nullptr, std::memory_order_relaxed);
        n->id.store(0, std::memory_order_relaxed);  // (its id is not used again)
        t_rec_spare = n;
        return l;
      }
  }
  if (ts)
    ts->locksMade.store(ts->locksMade.load(std::memory_order_relaxed) + 1,
                        std::memory_order_relaxed);
  else
    g_num_locks.fetch_add(1, std::memory_order_relaxed);
  return n;
}

template <typename F> static void ForEachLock(F f) {
  for (size_t p = 0; p < kTablePages; ++p) {
    if (!TablePageMarked(p)) continue;  // no record was ever published there
    for (size_t i = p * kTablePage; i < (p + 1) * kTablePage; ++i)
      for (LockRec *l = g_lock_buckets[i].load(std::memory_order_acquire); l;
           l = l->next.load(std::memory_order_acquire))
        f(l);
  }
}

void ForEachLockInRange(uintptr_t lo, uintptr_t hi, void (*f)(LockRec *)) {
  if (hi <= lo) return;
  if (hi - lo > (uintptr_t(1) << 23)) {
    ForEachLock([&](LockRec *l) {
      if (l->addr >= lo && l->addr < hi) f(l);
    });
    return;
  }
  for (uintptr_t a = lo & ~uintptr_t(7); a < hi; a += 8) {
    if (!LockMayStartAt(a)) continue;  // (the bucket's other records are other addresses':
                                       // the 8-byte unit's records are picked out below)
    for (LockRec *l = g_lock_buckets[BucketOf(a)].load(std::memory_order_acquire); l;
         l = l->next.load(std::memory_order_acquire))
      if (l->addr >= lo && l->addr < hi && (l->addr & ~uintptr_t(7)) == a) f(l);
  }
}


void CollectLockStats(Vec<LockStatRow> *rows) {
  ForEachLock([&](LockRec *l) {
    uint64_t acq = LockAcquisitions(l);
    LockSide *side = SideIfAny(l);
    uint64_t tryFail = side ? side->tryFail.load(std::memory_order_relaxed) : 0;
    if (!acq && !tryFail) return;
    LockStatRow r;
    memset(&r, 0, sizeof(r));
    r.lock = l;
    r.kind = l->kind;
    r.acq = acq;
    r.contended = side ? side->contended.load(std::memory_order_relaxed) : 0;
    r.tryFail = tryFail;
    r.stats = side ? side->stats.load(std::memory_order_acquire) : nullptr;
    rows->push_back(r);
  });
}

void AddAcquisitionCarry(LockRec *l, uint64_t carry) {
  SideOf(l)->acqCarry.fetch_add(carry, std::memory_order_relaxed);
}

uint64_t LockAcquisitions(const LockRec *l) {
  LockSide *side = SideIfAny(l);
  return uint64_t(l->acqOwn.load(std::memory_order_relaxed)) +
         l->acqOthers.load(std::memory_order_relaxed) +
         (side ? side->acqCarry.load(std::memory_order_relaxed) : 0);
}

uintptr_t LockAddr(LockRec *l) { return l->addr; }
uintptr_t LockFirstPc(LockRec *l) { return l->firstPc.load(std::memory_order_relaxed); }
uint32_t LockFirstStack(LockRec *l) { return l->firstStack.load(std::memory_order_acquire); }
LockKind LockKindOf(LockRec *l) { return l->kind; }

void AddLocksMade(uint64_t n) { g_num_locks.fetch_add(n, std::memory_order_relaxed); }

uint64_t NumLocksSeen() {
  SpinGuard g(g_threads_mu);
  uint64_t n = g_num_locks.load();
  for (ThreadState *t : g_threads) n += t->locksMade.load(std::memory_order_relaxed);
  return n;
}

void InitLockTable() {
  // Not huge pages: the first lock would fault in (and clear) 2 MiB of the table, 4 MiB in a
  // small program: more than its whole heap.
  void *b = MapSparse(kLockBuckets * sizeof(void *), "cannot map the lock table");
  g_lock_buckets = static_cast<std::atomic<LockRec *> *>(b);
  // The record arena, 2 MiB-aligned (its huge chunks are), address space only: inaccessible
  // until carved (TakeArenaLocked). Where it cannot be reserved (an address-space limit),
  // records are mapped as needed and have no number.
  char *a = MapHugeAligned(kArenaBytes, PROT_NONE, MAP_NORESERVE);
  if (!a) return;
  madvise(a, kArenaBytes, MADV_NOHUGEPAGE);  // advice only
  g_arena = a;
}

} // namespace parcheck
