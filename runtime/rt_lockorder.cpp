//===- rt_lockorder.cpp - the lock-order detector -------------------------===//
#include "rt_lockorder.h"
#include "rt_graph.h"
#include "rt_stackdepot.h"

namespace parcheck {

static uint64_t StackHash(const StackRef &s, uint64_t h) {
  return Fnv1a64(reinterpret_cast<const char *>(s.pcs), s.n * sizeof(uintptr_t), h);
}

// The fingerprint of a set of values (order does not matter): sorted, then hashed; never 0.
static uint64_t SetKey(Vec<uint64_t> &v) {
  SortSmall(v.begin(), v.size());
  return Fnv1a64(reinterpret_cast<const char *>(v.begin()), v.size() * sizeof(uint64_t)) | 1;
}

static uint64_t CycleSitesKey(const CycleReport *r) {
  Vec<uint64_t> keys;
  for (size_t k = 0; k < r->n; ++k)
    keys.push_back(StackHash(r->edges[k].acqStack, StackHash(r->edges[k].heldStack, 1)));
  return SetKey(keys);
}

// An edge's payload: the depot ids (rt_stackdepot.h) of where its first lock was taken (call
// site, or full with held_stacks) and where its second lock was taken, packed in the
// pointer-sized field (nothing to free: edges made at one site share their stacks, and a sink
// edge, whose payload is dropped unseen when it goes stale, owns nothing).
static_assert(sizeof(void *) >= 8, "two 32-bit depot ids are packed in an edge's payload");
static void *EdgePayloadOf(uint32_t heldId, uint32_t acqId) {
  return reinterpret_cast<void *>((uintptr_t(heldId) << 32) | acqId);
}
static uint32_t HeldStackIdOf(void *p) { return uint32_t(reinterpret_cast<uintptr_t>(p) >> 32); }
static uint32_t AcqStackIdOf(void *p) { return uint32_t(reinterpret_cast<uintptr_t>(p)); }
static StackRef StackOfId(uint32_t id) {  // an owned copy
  StackRef r;
  r.pcs = const_cast<uintptr_t *>(StackDepotGet(id, &r.n));
  return CopyStack(r);
}
static uint32_t HeldStackId(const Held &h) {
  return h.stack.n ? StackDepotPut(h.stack.pcs, h.stack.n) : StackDepotPut(&h.pc, 1);
}

CycleReport *NewCycleReport(size_t n) {
  CycleReport *r = static_cast<CycleReport *>(InternalAlloc(sizeof(CycleReport)));
  r->n = n;
  r->edges = static_cast<CycleEdge *>(InternalAlloc(n * sizeof(CycleEdge)));
  return r;
}

void FreeCycleReport(CycleReport *r) {
  for (size_t i = 0; i < r->n; ++i) {
    ReleaseStack(r->edges[i].heldStack);
    ReleaseStack(r->edges[i].acqStack);
  }
  InternalFree(r->edges, r->n * sizeof(CycleEdge));
  InternalFree(r, sizeof(CycleReport));
}

void LockOrderDetector::init(const LockOrderOptions &o) {
  opt_ = o;
  graph_ = new (InternalAlloc(sizeof(LockGraph))) LockGraph();
  reportedCycles_ = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  reportedSites_ = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  cycleEdges_ = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
}

void LockOrderDetector::markInCycle(uint64_t from, uint64_t to) {
  *cycleEdges_->insert((from << 32) ^ to ^ 0x5bd1e995ULL) = 1;
}

// Which held locks get a direct edge into a new acquisition. Every pair would make n(n-1)/2
// edges for n locks held at once (2000 held: 840 MB); the cycle check needs far fewer.
// Direct edges come from the held locks from the kEdgeWindow-th most recent one taken by a
// blocking acquisition onwards (the trylocked ones among them included), and from those at
// distance 2^k below the top of the held stack (so a path through this thread's own edges
// is O(log n) edges long, not n/kEdgeWindow). With at most kEdgeWindow locks held this is
// every pair, as before.
//
// Why nothing the cycle check needs is lost. Let h[0..n-1] be the held stack (in
// acquisition order) when N is taken, c the cut, h[c] taken by a blocking acquisition.
// Claim: every h[j], j < c, has a path h[j] ->* h[c] in the graph. By induction on the
// acquisition of h[c]: h[j] was held then, so either h[j] got a direct edge into h[c], or
// h[j] lay below that acquisition's own cut h[c'] (blocking, c' < c) and h[j] ->* h[c'] by
// induction, and h[c'] -> h[c] directly (every lock from the cut up gets one). Hence
// h[j] ->* h[c] -> N: any cycle the direct edge h[j] -> N would close still exists, through
// this thread's edges. (Trylocks break the chain: no edge enters a trylocked lock, which is
// why the cut counts only blocking acquisitions.) Destroying or freeing a lock removes its
// edges; a chain broken by forgetting every intermediate lock after release can lose a
// cycle (a known limit).
//
// Gate locks: the direct edge h[j] -> N has gates held \ {h[j], N} (the oldest kMaxGates).
// Every edge on the chain was made by this thread later than h[j] was taken, with every
// lock older than h[j] held and not an endpoint (endpoints are h[j] or newer): a gate G
// older than h[j] is a gate of every chain edge too (same rank among the oldest, so the
// kMaxGates cap keeps it). A gate G newer than h[j] can be missing on the chain. But then
// the cycle's other edges were made holding G, among them the edge into h[j] (blocking, as
// every edge is): its maker held G and took h[j], while this thread held h[j] and took G
// (a path h[j] ->* G if by blocking; if G was trylocked, G never blocks this thread). So
// the graph has the inversion h[j] <-> G itself, reported on its own merits (unless a gate
// older than both guards it; such a gate is older than h[j] and guards the chain as well).
// So a cycle reported through a chain whose direct edge would have been gated comes with a
// real, reportable inversion on the same locks. Read modes and the join filter are judged
// on the chain's edges, which were made earlier (earlier stamps); with more than
// kEdgeWindow locks held this may report a cycle a direct edge would have filtered.
// (kEdgeWindow is in rt_lockorder.h.)

static size_t EdgeCut(const Held *held, size_t n) {
  size_t blocking = 0;
  if (n <= kEdgeWindow) return 0;
  for (size_t i = n; i-- > 0;)
    if (!held[i].tried && ++blocking == kEdgeWindow) return i;
  return 0;
}

static inline bool GetsDirectEdge(size_t i, size_t n, size_t cut) {
  if (i >= cut) return true;
  size_t d = n - i;  // distance from the top of the stack, >= 1
  return (d & (d - 1)) == 0;
}

void LockOrderDetector::beforeLock(LockOrderThread *lt, LockOrderCallbacks *cb, const Held *held,
                                   size_t n, uint64_t id, LockRec *l, bool read, uintptr_t pc) {
  size_t cut = EdgeCut(held, n);
  // The acquisition's stack (depot id), captured at most once however many held locks make
  // new edges with it (a thread holding hundreds of locks would otherwise unwind hundreds of
  // times).
  uint32_t acqId = 0;
  for (size_t i = 0; i < n; ++i) {
    const Held &h = held[i];
    if (h.id == id || !GetsDirectEdge(i, n, cut)) continue;
    if (EdgeCached(lt, h.id, id)) continue;
    size_t set = EdgeCacheSet(h.id, id);
    LockOrderThread::CacheSet &cs = lt->cache[set];
    // Slow path: a new edge for this thread (it may capture a stack and report).
    ErrnoSave es;
    uint64_t gates[kMaxGates];
    size_t ng = 0;
    for (size_t j = 0; j < n && ng < kMaxGates; ++j)
      if (j != i && held[j].id != id) gates[ng++] = held[j].id;
    // The stack is only needed for an edge nobody has made yet: look first, capture outside
    // the graph lock, then insert.
    bool known;
    {
      SpinGuard g(mu_);
      known = graph_->findEdge(h.id, id) != nullptr;
    }
    if (!known && !acqId) acqId = cb->unwind(pc);
    // A new edge's payload: with it, an edge into a lock that has none can be kept as a sink
    // edge (rt_graph.h), which costs a map slot instead of a node and an Edge.
    void *payload = acqId ? EdgePayloadOf(HeldStackId(h), acqId) : nullptr;
    CycleReport *rep = nullptr;
    {
      SpinGuard g(mu_);
      LockGraph::Change ch;
      uint64_t seq = cb->stamp();
      Edge *e = nullptr;  // null: kept as a sink edge
      if (!graph_->addSinkEdge(h.id, id, lt->tid, seq, gates, ng, h.read, read, payload, l, &ch))
        e = graph_->addEdge(h.id, id, lt->tid, seq, gates, ng, h.read, read, &ch);
      if (!lt->isMaker && ch != LockGraph::kKnown) {
        bool maker = !e;  // a sink edge is new, made by this thread
        for (uint8_t k = 0; e && k < e->nmakers; ++k) maker |= e->makers[k].tid == lt->tid;
        if (maker) {  // the join filter may ask about this thread: keep its record
          lt->isMaker = true;
          cb->madeEdge(lt->tid);
        }
      }
      if (ch == LockGraph::kNew && !acqId) acqId = StackDepotPut(&pc, 1);  // rare: raced
      if (ch == LockGraph::kNew) {
        if (e) e->payload = EdgePayloadOf(HeldStackId(h), acqId);
        // Reports name a cycle's locks by id: the graph node keeps its lock record (the
        // node, and so the mapping, goes when the lock is forgotten).
        graph_->setNodeData(h.id, h.lock);
        graph_->setNodeData(id, l);
        numEdges_.fetch_add(1, std::memory_order_relaxed);
        cb->newEdge(h, l, id, lt->tid);
      }
      // A sink edge closes no cycle (its head has no way out).
      if (e && ch != LockGraph::kKnown && opt_.detect)
        rep = checkCycle(lt, cb, e, h, id, acqId, pc);
    }
    if (rep) {
      for (size_t k = 0; k < rep->n; ++k) {
        rep->edges[k].fromLock = lockById(rep->edges[k].from);
        rep->edges[k].toLock = lockById(rep->edges[k].to);
      }
      cb->report(rep);
    }
    LockOrderThread::CacheEnt &ce = cs.way[lt->cacheNext[set]++ % kEdgeCacheWays];
    ce.from = h.id;
    ce.to = id;
  }
}

// Under mu_: the cycle the changed edge `edge` (h -> id) closes, as a report, if it is
// reportable and new.
CycleReport *LockOrderDetector::checkCycle(LockOrderThread *lt, LockOrderCallbacks *cb,
                                           void *edge, const Held &h, uint64_t id,
                                           uint32_t acqId, uintptr_t pc) {
  Edge *e = static_cast<Edge *>(edge);
  Vec<Edge *> cyc;
  if (!graph_->cycleThrough(e, &cyc) ||
      !LockGraph::isReportable(cyc, opt_.ignoreJoinedCycles ? cb->joinOrder() : nullptr,
                               opt_.ignoreSingleThreadCycles))
    return nullptr;
  // Once per cycle: the key is the sorted set of lock ids on it.
  Vec<uint64_t> ids;
  for (Edge *c : cyc) ids.push_back(c->from);
  bool isNew;
  reportedCycles_->insert(SetKey(ids), &isNew);
  if (!isNew) return nullptr;
  CycleReport *rep = NewCycleReport(cyc.size());
  for (size_t k = 0; k < cyc.size(); ++k) {
    Edge *c = cyc[k];
    CycleEdge &ce2 = rep->edges[k];
    ce2.from = c->from;
    ce2.to = c->to;
    ce2.tid = c->tid;
    // The edge just closing the cycle may have been made earlier by another thread; show the
    // current observation for it.
    void *p = c->payload;
    if (c == e) {
      ce2.tid = lt->tid;
      ce2.heldStack = h.stack.n ? CopyStack(h.stack) : StackFromPc(h.pc);
      ce2.acqStack = acqId ? StackOfId(acqId) : StackFromPc(pc);
    } else if (p) {
      ce2.heldStack = StackOfId(HeldStackIdOf(p));
      ce2.acqStack = StackOfId(AcqStackIdOf(p));
    }
    markInCycle(c->from, c->to);
  }
  // And once per code-level cycle: locks created in a loop (or an array of them) taken at the
  // same sites make the same mistake again, not a new one (TSan's suppress_equal_stacks). The
  // key is the sorted set of the edges' stacks.
  bool isNewSites;
  reportedSites_->insert(CycleSitesKey(rep), &isNewSites);
  if (!isNewSites) {
    FreeCycleReport(rep);
    duplicateCycles_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  return rep;
}

LockRec *LockOrderDetector::lockById(uint64_t id) {
  SpinGuard g(mu_);
  return lockByIdUnlocked(id);
}

LockRec *LockOrderDetector::lockByIdUnlocked(uint64_t id) {
  return static_cast<LockRec *>(graph_->nodeData(id));
}

void LockOrderDetector::forEachEdge(void (*f)(void *ctx, uint64_t from, uint64_t to,
                                              bool inCycle),
                                    void *ctx) {
  SpinGuard g(mu_);
  graph_->forEachEdge([&](Edge *e) {
    bool inCycle = cycleEdges_->find((e->from << 32) ^ e->to ^ 0x5bd1e995ULL) != nullptr;
    f(ctx, e->from, e->to, inCycle);
  });
}

void LockOrderDetector::forEachEdgeSite(void (*f)(void *ctx, uint64_t from, uint64_t to,
                                                  bool inCycle, uint32_t tid,
                                                  uint32_t acqStackId),
                                        void *ctx) {
  SpinGuard g(mu_);
  graph_->forEachEdge([&](Edge *e) {
    bool inCycle = cycleEdges_->find((e->from << 32) ^ e->to ^ 0x5bd1e995ULL) != nullptr;
    f(ctx, e->from, e->to, inCycle, e->tid, AcqStackIdOf(e->payload));
  });
}

void LockOrderDetector::forget(uint64_t id) {
  SpinGuard g(mu_);
  graph_->removeNode(id, nullptr);  // payloads are depot ids: nothing to free
}

} // namespace parcheck
