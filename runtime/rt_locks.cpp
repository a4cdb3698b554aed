//===- rt_locks.cpp - the table of every lock the runtime has seen --------===//
#include "rt_locks.h"
#include "rt_memory.h"

#include <sys/mman.h>

namespace parcheck {

static constexpr size_t kLockBuckets = 1 << 20;
static std::atomic<LockRec *> *g_lock_buckets;  // mmap, lazily touched

// Neighbouring locks (an array of mutexes, a struct's members) get neighbouring buckets, so
// walking many locks walks the table instead of missing the cache at random; the address bits
// above the table's span are folded in so that locks at the same offset of different 8 MiB
// regions (thread stacks, per-object arenas) do not pile up in one chain.
static inline size_t BucketOf(uintptr_t a) {
  return size_t((a >> 3) ^ (a >> 23) ^ (a >> 43)) & (kLockBuckets - 1);
}
static std::atomic<uint64_t> g_next_lock_id{1};
static std::atomic<uint64_t> g_num_locks{0};

LockStats *StatsOf(LockRec *l) {
  LockStats *s = l->stats.load(std::memory_order_acquire);
  if (s) return s;
  LockStats *n = new (InternalAlloc(sizeof(LockStats))) LockStats();
  if (l->stats.compare_exchange_strong(s, n)) return n;
  InternalFree(n, sizeof(LockStats));
  return s;
}

uint64_t LockIdSlow(LockRec *l) {
  uint64_t id = 0;
  uint64_t n = g_next_lock_id.fetch_add(1);
  if (l->id.compare_exchange_strong(id, n)) return n;
  return id;
}

LockRec *FindLock(const void *addr) {
  uintptr_t a = uintptr_t(addr);
  LockRec *l = g_lock_buckets[BucketOf(a)].load(std::memory_order_acquire);
  while (l && l->addr != a) l = l->next.load(std::memory_order_acquire);
  return l;
}

LockRec *GetLock(const void *addr, LockKind kind) {
  uintptr_t a = uintptr_t(addr);
  std::atomic<LockRec *> &b = g_lock_buckets[BucketOf(a)];
  LockRec *head = b.load(std::memory_order_acquire);
  for (LockRec *l = head; l; l = l->next.load(std::memory_order_acquire))
    if (l->addr == a) return l;
  LockRec *n = static_cast<LockRec *>(InternalAlloc(sizeof(LockRec)));
  n->addr = a;
  n->kind = kind;
  for (;;) {
    n->next.store(head, std::memory_order_relaxed);
    if (b.compare_exchange_weak(head, n, std::memory_order_acq_rel)) break;
    for (LockRec *l = head; l; l = l->next.load(std::memory_order_acquire))
      if (l->addr == a) {
        InternalFree(n, sizeof(LockRec));
        return l;
      }
  }
  g_num_locks.fetch_add(1, std::memory_order_relaxed);
  NoteLockAddress(a);
  return n;
}

template <typename F> static void ForEachLock(F f) {
  for (size_t i = 0; i < kLockBuckets; ++i)
    for (LockRec *l = g_lock_buckets[i].load(std::memory_order_acquire); l;
         l = l->next.load(std::memory_order_acquire))
      f(l);
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
    if (!LockMayStartAt(a)) continue;  // (the bucket's other records are other addresses')
    for (LockRec *l = g_lock_buckets[BucketOf(a)].load(std::memory_order_acquire); l;
         l = l->next.load(std::memory_order_acquire))
      if (l->addr >= lo && l->addr < hi && (l->addr & ~uintptr_t(7)) == a) f(l);
  }
}


void CollectLockStats(Vec<LockStatRow> *rows) {
  ForEachLock([&](LockRec *l) {
    uint64_t acq = l->acq.load(std::memory_order_relaxed);
    if (!acq && !l->tryFail.load(std::memory_order_relaxed)) return;
    LockStatRow r;
    memset(&r, 0, sizeof(r));
    r.lock = l;
    r.kind = l->kind;
    r.acq = acq;
    r.contended = l->contended.load(std::memory_order_relaxed);
    r.tryFail = l->tryFail.load(std::memory_order_relaxed);
    r.stats = l->stats.load(std::memory_order_acquire);
    rows->push_back(r);
  });
}

uintptr_t LockAddr(LockRec *l) { return l->addr; }
uintptr_t LockFirstPc(LockRec *l) { return l->firstPc.load(std::memory_order_relaxed); }
LockKind LockKindOf(LockRec *l) { return l->kind; }

uint64_t NumLocksSeen() { return g_num_locks.load(); }

void InitLockTable() {
  void *b = mmap(nullptr, kLockBuckets * sizeof(void *), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (b == MAP_FAILED) RtFatal("cannot map the lock table");
  madvise(b, kLockBuckets * sizeof(void *), MADV_HUGEPAGE);  // fewer TLB misses, if allowed
  g_lock_buckets = static_cast<std::atomic<LockRec *> *>(b);
}

} // namespace parcheck
