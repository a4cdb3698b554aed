//===- rt_hb.cpp - happens-before between threads through create and join -===//
#include "rt_hb.h"

namespace parcheck {

void ThreadTree::release() {
  infos_.release();
  byHandle_.release();
}

ThreadTree::Info &ThreadTree::at(uint32_t tid) {
  return *infos_.insert(uint64_t(tid) + 1);  // zeroed if new: an unknown thread
}

void ThreadTree::created(uint32_t child, uint32_t parent, uint64_t seq) {
  at(parent);
  Info &c = at(child);  // (the map may grow here: take the parent's record after)
  c.known = true;
  c.parent = parent;
  c.createSeq = seq;
  Info &p = *find(parent);
  Info &c2 = *find(child);
  c2.nextSibling = p.firstChild;
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

void ThreadTree::madeEdge(uint32_t tid) { at(tid).isMaker = true; }

void ThreadTree::finished(uint32_t tid) {
  if (Info *t = find(tid)) {
    t->isFinished = true;
    maybeDrop(tid);
  }
}

void ThreadTree::maybeDrop(uint32_t tid) {
  for (;;) {
    Info *t = find(tid);
    if (!t || !t->known || !t->isFinished || !t->isJoined || t->joiner != t->parent ||
        t->isMaker || t->keptJoined || t->firstChild)
      return;
    uint32_t parent = t->parent, next = t->nextSibling;
    Info *p = find(parent);
    if (p) {  // unlink from the parent's children
      if (p->firstChild == tid + 1) {
        p->firstChild = next;
      } else {
        for (uint32_t c = p->firstChild; c;) {
          Info *ci = find(c - 1);
          if (!ci) break;
          if (ci->nextSibling == tid + 1) {
            ci->nextSibling = next;
            break;
          }
          c = ci->nextSibling;
        }
      }
      p->keptJoined--;  // the parent was its joiner
    }
    infos_.erase(uint64_t(tid) + 1);
    tid = parent;  // the parent may have become droppable
  }
}

uint32_t ThreadTree::joined(uint64_t handle, uint32_t joiner, uint64_t seq) {
  uint32_t tid = tidOf(handle);
  if (tid == ~0u) return ~0u;
  byHandle_.erase(handle);
  at(joiner).keptJoined++;
  Info &t = at(tid);
  t.isJoined = true;
  t.joiner = joiner;
  t.joinSeq = seq;
  maybeDrop(tid);
  return tid;
}

// Breadth-first over events known to come after t1's end: the joiner's later actions, the
// threads it (or they) created afterwards, and their joiners. best[u] is the earliest point
// reached in thread u; reaching t2 before seq2 answers yes. Events at or after seq2 cannot
// precede it, which bounds the search.
bool ThreadTree::endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) {
  if (t1 == t2) return false;
  const Info *first = find(t1);
  if (!first || !first->isJoined) return false;
  U64Map<uint64_t> best;  // tid+1 -> earliest seq reached
  struct Item { uint32_t tid; uint64_t seq; };
  Vec<Item> queue;
  auto push = [&](uint32_t u, uint64_t s) {
    if (s >= seq2) return;
    bool isNew;
    uint64_t *b = best.insert(uint64_t(u) + 1, &isNew);
    if (!isNew && *b <= s) return;
    *b = s;
    queue.push_back({u, s});
  };
  push(first->joiner, first->joinSeq);
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    Item it = queue[qi];
    if (it.tid == t2) return true;
    const Info *u = find(it.tid);
    if (!u) continue;
    for (uint32_t c = u->firstChild; c;) {
      const Info *ci = find(c - 1);
      if (!ci) break;
      if (ci->createSeq > it.seq) push(c - 1, ci->createSeq);
      c = ci->nextSibling;
    }
    if (u->isJoined && u->joinSeq > it.seq) push(u->joiner, u->joinSeq);
  }
  return false;
}

} // namespace parcheck
