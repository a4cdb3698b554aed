//===- rt_stackdepot.cpp - stacks stored once, named by a 32-bit id -------===//
#include "rt_stackdepot.h"

#include "rt_common.h"

namespace parcheck {

namespace {
// An entry is written completely before it is published (release store of a bucket head or
// of its slot in the id directory) and never changes after.
struct Entry {
  uint32_t next;  // the next entry id in the same bucket, 0 at the end
  uint32_t hash;
  uint32_t n;
  uintptr_t pcs[1];  // n frames
};

constexpr uint32_t kBuckets = 1 << 16;
constexpr uint32_t kPageShift = 12, kPageSize = 1 << kPageShift;  // ids per directory page
constexpr uint32_t kPages = 1 << 16;                                 // 2^28 ids at most

SpinLock g_mu;                                // inserts
std::atomic<uint32_t> g_bucket[kBuckets];     // head entry id per bucket
std::atomic<std::atomic<Entry *> *> g_dir[kPages];  // id -> entry, in pages of kPageSize
std::atomic<uint32_t> g_next_id{1};

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
    id = e->next;
  }
  return 0;
}
} // namespace

uint32_t StackDepotPut(const uintptr_t *pcs, uint32_t n) {
  if (n == 0) return 0;
  if (n > kStackDepotMaxFrames) n = kStackDepotMaxFrames;
  uint32_t h = HashPcs(pcs, n);
  std::atomic<uint32_t> &b = g_bucket[h & (kBuckets - 1)];
  if (uint32_t id = Find(b.load(std::memory_order_acquire), h, pcs, n)) return id;
  SpinGuard g(g_mu);
  uint32_t head = b.load(std::memory_order_acquire);
  if (uint32_t id = Find(head, h, pcs, n)) return id;
  uint32_t id = g_next_id.load(std::memory_order_relaxed);
  if ((id >> kPageShift) >= kPages) RtFatal("stack depot full");
  size_t sz = sizeof(Entry) + (n - 1) * sizeof(uintptr_t);
  Entry *e = static_cast<Entry *>(InternalAlloc(sz));
  e->next = head;
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
