//===- rt_lockorder.h - the lock-order detector ---------------------------===//
//
// The lock-order graph of every lock taken while another is held (rt_graph.h), checked for a
// cycle at each new edge, before the acquiring thread blocks. g_graph_mu protects the graph
// and the reported-cycle sets; it is taken only for an edge that the thread's own edge cache
// does not know. A report is built under it and emitted after it is released.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_LOCKORDER_H
#define PARCHECK_RT_LOCKORDER_H

#include "rt_threads.h"

namespace parcheck {

void InitLockOrder();
// The edges from the locks ts holds into l (id), reporting a cycle they close.
void CheckEdges(ThreadState *ts, LockRec *l, uint64_t id, bool read, uintptr_t pc);
void ForgetLockEdges(uint64_t id);  // the lock was destroyed or its memory freed

// For the reports: the lock record of a graph node (LockByIdUnlocked with the graph lock
// held), the edges (inCycle: on a reported cycle) and the counts.
LockRec *LockById(uint64_t id);
LockRec *LockByIdUnlocked(uint64_t id);
void ForEachGraphEdge(void (*f)(void *ctx, uint64_t from, uint64_t to, bool inCycle), void *ctx);
uint64_t NumEdges();
uint64_t NumDuplicateCycles();  // cycles not reported: the same stacks as a reported one

void LockOrderLockForFork();
void LockOrderUnlockForFork();

} // namespace parcheck
#endif
