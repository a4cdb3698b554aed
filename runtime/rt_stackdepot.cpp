//===- rt_stackdepot.cpp - stacks stored once, named by a 32-bit id -------===//
#include "rt_stackdepot.h"

#include "rt_common.h"

namespace parcheck {

namespace {
// An entry is written completely before it is published (release store of a bucket head or
// of its slot in the id directory); after that only its chain link changes, when the bucket
// table grows (Grow).
struct Entry {
  std::atomic<uint32_t> next;  // the next entry id in the same bucket (always smaller), 0: end
  uint32_t hash;
  uint32_t n;
  uintptr_t pcs[1];  // n frames
};

// The buckets: a table that starts at 512 (2 KiB: a program with few stacks touches one page
// for them, where a fixed 2^16 buckets put each new stack on a page of its own, up to 256
// KiB; issue 13) and grows fourfold when the entries pass two per bucket. A grown table
// replaces the old one under g_mu; the old one is kept (a lock-free reader may be in it). Its
// chains were rebuilt in the new table, so such a reader may miss an entry: it then looks
// again under g_mu, in the new table. Chain links always go to smaller ids, so every walk ends.
struct Table {
  uint32_t mask;
  std::atomic<uint32_t> b[1];  // mask + 1 head entry ids
};
constexpr uint32_t kFirstBuckets = 512;
constexpr uint32_t kPageShift = 12, kPageSize = 1 << kPageShift;  // ids per directory page
constexpr uint32_t kPages = 1 << 16;                                 // 2^28 ids at most

SpinLock g_mu;                 // inserts, growth
std::atomic<Table *> g_table;  // made by the first insert
std::atomic<std::atomic<Entry *> *> g_dir[kPages];  // id -> entry, in pages of kPageSize
std::atomic<uint32_t> g_next_id{1};

Table *NewTable(uint32_t buckets) {  // zeroed: every bucket empty
  Table *t = static_cast<Table *>(
      InternalAlloc(sizeof(Table) + (buckets - 1) * sizeof(std::atomic<uint32_t>)));
  t->mask = buckets - 1;
  return t;
}

uint32_t HashPcs(const uintptr_t *pcs, uint32_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
  for (uint32_t i = 0; i < n; ++i) {
    h ^= pcs[i];
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  return uint32_t(h);
}

Entry *EntryOf(uint32_t id) {
  std::atomic<Entry *> *page = g_dir[id >> kPageShift].load(std::memory_order_acquire);
  return page ? page[id & (kPageSize - 1)].load(std::memory_order_acquire) : nullptr;
}

uint32_t Find(uint32_t head, uint32_t h, const uintptr_t *pcs, uint32_t n) {
  for (uint32_t id = head; id;) {
    Entry *e = EntryOf(id);
    if (!e) return 0;
    if (e->hash == h && e->n == n && !memcmp(e->pcs, pcs, n * sizeof(uintptr_t))) return id;
    id = e->next.load(std::memory_order_relaxed);
  }
  return 0;
}
// Under g_mu: a table four times as big with the chains of entries 1..last rebuilt in it
// (ascending, so each link goes to a smaller id), published.
void Grow(Table *old, uint32_t last) {
  Table *t = NewTable((old->mask + 1) * 4);
  for (uint32_t id = 1; id <= last; ++id) {
    Entry *e = EntryOf(id);
    std::atomic<uint32_t> &b = t->b[e->hash & t->mask];
    e->next.store(b.load(std::memory_order_relaxed), std::memory_order_relaxed);
    b.store(id, std::memory_order_relaxed);
  }
  g_table.store(t, std::memory_order_release);
}
} // namespace

uint32_t StackDepotPut(const uintptr_t *pcs, uint32_t n) {
  if (n == 0) return 0;
  if (n > kStackDepotMaxFrames) n = kStackDepotMaxFrames;
  uint32_t h = HashPcs(pcs, n);
  if (Table *t = g_table.load(std::memory_order_acquire))
    if (uint32_t id = Find(t->b[h & t->mask].load(std::memory_order_acquire), h, pcs, n))
      return id;
  SpinGuard g(g_mu);
  Table *t = g_table.load(std::memory_order_relaxed);
  if (!t) {
    t = NewTable(kFirstBuckets);
    g_table.store(t, std::memory_order_release);
  }
  std::atomic<uint32_t> &b = t->b[h & t->mask];
  uint32_t head = b.load(std::memory_order_acquire);
  if (uint32_t id = Find(head, h, pcs, n)) return id;
  uint32_t id = g_next_id.load(std::memory_order_relaxed);
  if ((id >> kPageShift) >= kPages) RtFatal("stack depot full");
  size_t sz = sizeof(Entry) + (n - 1) * sizeof(uintptr_t);
  Entry *e = static_cast<Entry *>(InternalAlloc(sz));
  e->next.store(head, std::memory_order_relaxed);
  e->hash = h;
  e->n = n;
  memcpy(e->pcs, pcs, n * sizeof(uintptr_t));
  std::atomic<Entry *> *page = g_dir[id >> kPageShift].load(std::memory_order_relaxed);
  if (!page) {
    page = static_cast<std::atomic<Entry *> *>(
        InternalAlloc(kPageSize * sizeof(std::atomic<Entry *>)));
    g_dir[id >> kPageShift].store(page, std::memory_order_release);
  }
  page[id & (kPageSize - 1)].store(e, std::memory_order_release);
  g_next_id.store(id + 1, std::memory_order_relaxed);
  b.store(id, std::memory_order_release);
  if (id > 2 * (t->mask + 1)) Grow(t, id);
  return id;
}

const uintptr_t *StackDepotGet(uint32_t id, uint32_t *n) {
  Entry *e = id ? EntryOf(id) : nullptr;
  *n = e ? e->n : 0;
  return e ? e->pcs : nullptr;
}

size_t StackDepotSize() { return g_next_id.load(std::memory_order_relaxed) - 1; }

void StackDepotForkLock() { g_mu.lock(); }
void StackDepotForkUnlock() { g_mu.unlock(); }

} // namespace parcheck
