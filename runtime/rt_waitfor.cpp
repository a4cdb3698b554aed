//===- rt_waitfor.cpp - wait-for cycles and stuck processes ---------------===//
#include "rt_waitfor.h"

namespace parcheck {

static bool InCycleSearch(const WaitEntry &w) {
  return !w.timed && (w.kind == WaitKind::kLock || w.kind == WaitKind::kJoin);
}

bool FindWaitCycle(const WaitEntry *e, size_t n, Vec<size_t> *cycle) {
  cycle->clear();
  Vec<size_t> nodes;  // the waiters the search follows
  for (size_t i = 0; i < n; ++i)
    if (InCycleSearch(e[i])) nodes.push_back(i);
  Vec<size_t> path;
  for (size_t si = 0; si < nodes.size() && cycle->empty(); ++si) {
    // Follow the first blocked holder; a path longer than the number of waiters has repeated
    // a thread.
    path.clear();
    size_t cur = nodes[si];
    for (size_t step = 0; step <= nodes.size(); ++step) {
      for (size_t k = 0; k < path.size(); ++k)
        if (path[k] == cur) {
          for (size_t m = k; m < path.size(); ++m) cycle->push_back(path[m]);
          break;
        }
      if (!cycle->empty()) break;
      path.push_back(cur);
      const WaitEntry &w = e[cur];
      const uint32_t *targets = w.kind == WaitKind::kJoin ? &w.joinTid : w.holders;
      uint32_t nt = w.kind == WaitKind::kJoin ? 1 : w.nHolders;
      size_t next = SIZE_MAX;
      for (uint32_t h = 0; h < nt && next == SIZE_MAX; ++h)
        for (size_t k : nodes)
          if (e[k].tid == targets[h]) {
            next = k;
            break;
          }
      if (next == SIZE_MAX) break;
      cur = next;
    }
  }
  return !cycle->empty();
}

bool AllStuck(const WaitEntry *e, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; ++i) {
    const WaitEntry &w = e[i];
    if (w.kind == WaitKind::kNone || w.timed || w.external || !w.asleep) return false;
    if (w.kind == WaitKind::kJoin) {
      bool live = false;
      for (size_t k = 0; k < n && !live; ++k) live = k != i && e[k].tid == w.joinTid;
      if (!live) return false;
    }
  }
  return true;
}

static uint64_t EntryHash(const WaitEntry &w) {
  uint64_t k = (uint64_t(w.tid) << 32) ^ w.seq ^ (uint64_t(w.kind) << 56);
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k;
}

uint64_t WaitSetKey(const WaitEntry *e, const size_t *idx, size_t n) {
  uint64_t key = n;
  for (size_t i = 0; i < n; ++i) key += EntryHash(e[idx[i]]);
  return key | 1;
}

uint64_t SnapshotKey(const WaitEntry *e, size_t n) {
  uint64_t key = n;
  for (size_t i = 0; i < n; ++i) key += EntryHash(e[i]);
  return key | 1;
}

} // namespace parcheck
