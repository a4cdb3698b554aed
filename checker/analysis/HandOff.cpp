//===- HandOff.cpp - happens-before through hand-off of owned objects -----===//
//
// Hand-off through containers
//
// An object is owned by one thread at a time when it moves only by
// ownership transfer: made fresh, filled, then published into a
// lock-protected container (a queue, a free list); taken out of it by one
// thread under that lock (a dequeue, AccessFact::HandedOff; see
// extract/HandOff.cpp); used; published again. What the producer wrote
// before publishing happens before what the consumer does after taking,
// through the lock's release and acquire; and two threads that each took the
// object did so at different times, the second after the first published it
// again. So two accesses, each made while its thread owns the object (taken
// and not yet published again, or fresh and not yet published), never race.
// A fresh, unpublished object's accesses are private anyway (Ownership.cpp):
// the rule that remains is the pair of two taken accesses.
//
// An access after the object was published (the producer writing it after
// the enqueue, the consumer after putting it back) is not owned: it still
// races with the owner's.
//
// Known limits (unsound where a program breaks linear ownership):
//   * an object is taken to be in one container at a time: the same object
//     enqueued twice, or still referenced from elsewhere (a second index)
//     while a consumer owns it, is not seen;
//   * the take's lock is not compared with the publish's lock: a container
//     whose producer and consumer use different locks is not seen.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"

namespace parcheck {

bool ProgramAnalysis::handedOff(const AccessFact &X, const AccessFact &Y) const {
  return X.HandedOff && Y.HandedOff && freshVia(X.FreshVia) && freshVia(Y.FreshVia);
}

} // namespace parcheck
