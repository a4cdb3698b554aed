//===- rt_hb.h - happens-before between threads through create and join ---===//
//
// A lock-order cycle is only a potential deadlock if its edges can be made at the same time.
// Two edges cannot when the thread that made one was joined (directly, or through a chain of
// joins and creations) before the other thread made its edge: every schedule runs them in
// that order. ThreadTree records thread creations and joins as events on one global sequence
// and answers that question; a cycle with such an ordered pair is not reported (the clean
// variant of "two threads lock in opposite orders, but one is joined first").
//
// Only create and join order threads here: a thread that merely exited, a condition variable,
// a barrier or an atomic flag does not (their order is a matter of timing in this run).
//
// Pure data structure, no locking: the runtime serialises access.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_HB_H
#define PARCHECK_RT_HB_H

#include "rt_common.h"

namespace parcheck {

// The question the lock-order graph asks about two edge observations.
class HappensBefore {
public:
  // Did the end of thread t1 happen before thread t2's event at sequence number seq2?
  virtual bool endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) = 0;
protected:
  ~HappensBefore() = default;
};

class ThreadTree final : public HappensBefore {
public:
  ThreadTree() = default;
  ThreadTree(const ThreadTree &) = delete;
  ThreadTree &operator=(const ThreadTree &) = delete;
  ~ThreadTree() { release(); }
  void release();
  // `child` was created by `parent` at seq (before the child ran).
  void created(uint32_t child, uint32_t parent, uint64_t seq);
  // The pthread_t of a created thread (a handle is reused only after its thread ended).
  void setHandle(uint32_t tid, uint64_t handle);
  // The thread with this handle was joined by `joiner` at seq (after it ended). Returns its
  // tid, or ~0u if the handle is unknown (a thread created before the runtime started).
  uint32_t joined(uint64_t handle, uint32_t joiner, uint64_t seq);
  // The live thread with this handle, or ~0u.
  uint32_t tidOf(uint64_t handle);
  // tid made (or is among the recorded makers of) a lock-order edge: endsBefore may be asked
  // about it, so it is never summarised away.
  void madeEdge(uint32_t tid);
  // tid has ended (its last event is behind it).
  void finished(uint32_t tid);
  bool endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) override;
  size_t size() const { return infos_.size(); }  // threads recorded

private:
  // Memory stays bounded by the threads that matter. A thread u is dropped when it has ended,
  // was joined by the thread that created it, made no edge, and has no recorded child and no
  // recorded thread it joined. endsBefore is then never asked about u (only edge makers are), and u is
  // redundant as a step: it can be reached only through its creation by its parent P (at
  // createSeq, from P at some s < createSeq) or from the end of a thread it joined (none is
  // recorded; a dropped one is reached the same way, from u), and leads only to its joiner,
  // P again, at joinSeq > s: P is already reached at s, which covers every later event of
  // P. So no answer changes. A dropped child is unlinked from its parent, which may in turn become
  // droppable. (Threads that are never joined, or joined by another thread, are kept.)
  struct Info {
    bool known, isJoined, isFinished, isMaker;
    uint32_t keptJoined;  // recorded threads this one joined
    uint32_t parent, joiner;
    uint32_t firstChild, nextSibling;  // tid+1, 0 for none
    uint64_t createSeq, joinSeq;
  };
  Info &at(uint32_t tid);
  Info *find(uint32_t tid) { return infos_.find(uint64_t(tid) + 1); }
  void maybeDrop(uint32_t tid);
  U64Map<Info> infos_;           // tid+1 -> record
  U64Map<uint32_t> byHandle_;    // live handle -> tid+1
};

} // namespace parcheck
#endif
