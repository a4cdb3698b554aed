//===- rt_hb.cpp - happens-before between threads through create and join -===//
#include "rt_hb.h"

namespace parcheck {

void ThreadTree::release() {
  infos_.release();
  byHandle_.release();
}

ThreadTree::Info &ThreadTree::at(uint32_t tid) {
  if (tid >= infos_.size()) infos_.resize(size_t(tid) + 1);  // zeroed: unknown thread
  return infos_[tid];
}

void ThreadTree::created(uint32_t child, uint32_t parent, uint64_t seq) {
  at(parent);
  Info &c = at(child);
  c.known = true;
  c.parent = parent;
  c.createSeq = seq;
  Info &p = infos_[parent];
  c.nextSibling = p.firstChild;
  p.firstChild = child + 1;
}

void ThreadTree::setHandle(uint32_t tid, uint64_t handle) {
  if (handle == 0 || handle == ~0ULL) return;  // not a key the map can hold
  *byHandle_.insert(handle) = tid + 1;
}

uint32_t ThreadTree::tidOf(uint64_t handle) {
  uint32_t *p = handle == 0 || handle == ~0ULL ? nullptr : byHandle_.find(handle);
  return p && *p ? *p - 1 : ~0u;
}

uint32_t ThreadTree::joined(uint64_t handle, uint32_t joiner, uint64_t seq) {
  uint32_t tid = tidOf(handle);
  if (tid == ~0u) return ~0u;
  byHandle_.erase(handle);
  at(joiner);
  Info &t = at(tid);
  t.isJoined = true;
  t.joiner = joiner;
  t.joinSeq = seq;
  return tid;
}

// Breadth-first over events known to come after t1's end: the joiner's later actions, the
// threads it (or they) created afterwards, and their joiners. best[u] is the earliest point
// reached in thread u; reaching t2 before seq2 answers yes. Events at or after seq2 cannot
// precede it, which bounds the search.
bool ThreadTree::endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) {
  if (t1 == t2 || t1 >= infos_.size()) return false;
  U64Map<uint64_t> best;  // tid+1 -> earliest seq reached
  struct Item { uint32_t tid; uint64_t seq; };
  Vec<Item> queue;
  auto push = [&](uint32_t u, uint64_t s) {
    if (s >= seq2 || u >= infos_.size()) return;
    bool isNew;
    uint64_t *b = best.insert(uint64_t(u) + 1, &isNew);
    if (!isNew && *b <= s) return;
    *b = s;
    queue.push_back({u, s});
  };
  const Info &first = infos_[t1];
  if (!first.isJoined) return false;
  push(first.joiner, first.joinSeq);
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    Item it = queue[qi];
    if (it.tid == t2) return true;
    const Info &u = infos_[it.tid];
    for (uint32_t c = u.firstChild; c; c = infos_[c - 1].nextSibling)
      if (infos_[c - 1].createSeq > it.seq) push(c - 1, infos_[c - 1].createSeq);
    if (u.isJoined && u.joinSeq > it.seq) push(u.joiner, u.joinSeq);
  }
  return false;
}

} // namespace parcheck
