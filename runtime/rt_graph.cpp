//===- rt_graph.cpp - the lock-order graph --------------------------------===//
#include "rt_graph.h"

#include <new>

namespace parcheck {

LockGraph::Node *LockGraph::node(uint64_t id) {
  bool isNew;
  Node **slot = nodes_.insert(id, &isNew);
  if (isNew) *slot = new (InternalAlloc(sizeof(Node))) Node();
  return *slot;
}

Edge *LockGraph::findEdge(uint64_t from, uint64_t to) {
  Edge **head = pairs_.find(key(from, to));
  for (Edge *e = head ? *head : nullptr; e; e = e->nextSamePair)
    if (e->from == from && e->to == to) return e;
  return nullptr;
}

void LockGraph::unlinkPair(Edge *e) {
  uint64_t k = key(e->from, e->to);
  Edge **head = pairs_.find(k);
  if (!head) return;
  if (*head == e) {
    if (e->nextSamePair)
      *head = e->nextSamePair;
    else
      pairs_.erase(k);
    return;
  }
  for (Edge *p = *head; p->nextSamePair; p = p->nextSamePair)
    if (p->nextSamePair == e) {
      p->nextSamePair = e->nextSamePair;
      return;
    }
}

static bool addMaker(Edge *e, uint32_t tid, uint64_t seq) {  // true if the edge changed
  for (uint8_t i = 0; i < e->nmakers; ++i)
    if (e->makers[i].tid == tid) return false;
  if (e->nmakers < kMaxMakers) {
    e->makers[e->nmakers++] = {tid, seq};
    return true;
  }
  if (e->manyMakers) return false;
  e->manyMakers = true;
  return true;
}

static size_t FilterGates(uint64_t from, uint64_t to, const uint64_t *gates, size_t ngates,
                          uint64_t *g) {
  size_t ng = 0;
  for (size_t i = 0; i < ngates && ng < kMaxGates; ++i)
    if (gates[i] != from && gates[i] != to) g[ng++] = gates[i];
  SortSmall(g, ng);
  return ng;
}

bool LockGraph::hasEdge(uint64_t from, uint64_t to) {
  if (findEdge(from, to)) return true;
  Sink *s = findSink(to);
  return s && s->from == from && nodes_.find(from);
}

bool LockGraph::addSinkEdge(uint64_t from, uint64_t to, uint32_t tid, uint64_t seq,
                            const uint64_t *gates, size_t ngates, bool fromRead, bool toRead,
                            void *payload, void *toData, Change *change) {
  uint64_t g[kMaxGates];
  if (from == to || FilterGates(from, to, gates, ngates, g)) return false;
  if (Sink *s = findSink(from)) {
    if (nodes_.find(s->from)) return false;  // from gets an out-edge: addEdge materialises
    eraseSink(from);                         // stale
  }
  if (Sink *s = findSink(to)) {
    if (!nodes_.find(s->from)) {
      eraseSink(to);  // stale
    } else {
      if (s->from != from || s->tid != tid || ((!fromRead || !toRead) && s->fromRead && s->toRead))
        return false;
      *change = kKnown;
      return true;
    }
  }
  if (nodes_.find(to) || !payload) return false;
  Node *fn = node(from);
  *insertSink(to) = Sink{from, seq, payload, toData, tid, fromRead, toRead};
  ++fn->nsinks;
  ++numEdges_;
  *change = kNew;
  return true;
}

LockGraph::Sink *LockGraph::insertSink(uint64_t id) {
  bool isNew;
  SinkPage **p = sinkPages_.insert(id / kSinksPerPage + 1, &isNew);
  if (isNew) *p = static_cast<SinkPage *>(InternalAlloc(sizeof(SinkPage)));
  ++(*p)->live;
  ++numSinks_;
  return &(*p)->s[id % kSinksPerPage];
}

void LockGraph::eraseSink(uint64_t id) {
  uint64_t key = id / kSinksPerPage + 1;
  SinkPage **p = sinkPages_.find(key);
  if (!p || !(*p)->s[id % kSinksPerPage].from) return;
  (*p)->s[id % kSinksPerPage].from = 0;
  --numSinks_;
  if (--(*p)->live == 0) {
    InternalFree(*p, sizeof(SinkPage));
    sinkPages_.erase(key);
  }
}

void LockGraph::materialize(uint64_t id) {
  Sink *sp = findSink(id);
  if (!sp) return;
  Sink s = *sp;
  eraseSink(id);
  Node **fp = nodes_.find(s.from);
  if (!fp) return;  // stale: nothing to keep
  --(*fp)->nsinks;
  --numEdges_;
  Change ch;
  Edge *e = addFullEdge(s.from, id, s.tid, s.seq, nullptr, 0, s.fromRead, s.toRead, &ch);
  e->payload = s.payload;
  node(id)->data = s.toData;
}

Edge *LockGraph::addEdge(uint64_t from, uint64_t to, uint32_t tid, uint64_t seq,
                         const uint64_t *gates, size_t ngates, bool fromRead, bool toRead,
                         Change *change) {
  // Both ends get a full edge: a sink edge into either becomes one first.
  materialize(from);
  materialize(to);
  uint64_t g[kMaxGates];
  size_t ng = FilterGates(from, to, gates, ngates, g);
  return addFullEdge(from, to, tid, seq, g, ng, fromRead, toRead, change);
}

// g: ng filtered, sorted gate locks.
Edge *LockGraph::addFullEdge(uint64_t from, uint64_t to, uint32_t tid, uint64_t seq,
                             const uint64_t *g, size_t ng, bool fromRead, bool toRead,
                             Change *change) {
  if (Edge *e = findEdge(from, to)) {
    *change = kKnown;
    if (e->tid != tid) e->multiThread = true;
    if (addMaker(e, tid, seq)) *change = kChanged;
    // Intersect the gate sets.
    uint8_t keep = 0;
    for (uint8_t i = 0; i < e->ngates; ++i) {
      bool found = false;
      for (size_t j = 0; j < ng; ++j) found |= g[j] == e->gates[i];
      if (found) e->gates[keep++] = e->gates[i];
    }
    if (keep != e->ngates) *change = kChanged;
    e->ngates = keep;
    // A write observation makes the edge able to block even if the first one was read-read.
    if ((!fromRead || !toRead) && e->fromRead && e->toRead) {
      e->fromRead = fromRead;
      e->toRead = toRead;
      *change = kChanged;
    }
    return e;
  }
  Edge *e = static_cast<Edge *>(InternalAlloc(sizeof(Edge)));
  e->from = from;
  e->to = to;
  e->tid = tid;
  addMaker(e, tid, seq);
  e->fromRead = fromRead;
  e->toRead = toRead;
  e->ngates = e->ngatesAlloc = uint8_t(ng);
  if (ng) {
    e->gates = static_cast<uint64_t *>(InternalAlloc(ng * sizeof(uint64_t)));
    memcpy(e->gates, g, ng * sizeof(uint64_t));
  }
  // Most locks have one or two edges: start their lists small (the default first block is
  // eight entries).
  Node *fn = node(from);
  if (fn->out.empty()) fn->out.reserve(2);
  e->outPos = uint32_t(fn->out.size());
  fn->out.push_back(e);
  Node *tn = node(to);
  if (tn->in.empty()) tn->in.reserve(2);
  e->inPos = uint32_t(tn->in.size());
  tn->in.push_back(e);
  ++numEdges_;
  Edge **head = pairs_.insert(key(from, to));
  e->nextSamePair = *head;
  *head = e;
  *change = kNew;
  return e;
}

bool LockGraph::findPath(uint64_t from, uint64_t to, Vec<Edge *> *path) {
  path->clear();
  Node **start = nodes_.find(from);
  if (!start || (*start)->out.empty()) return false;  // (a new lock: no search to set up)
  // Breadth-first search; `via` maps a reached node to the edge that first reached it.
  U64Map<Edge *> via;
  Vec<uint64_t> queue;
  queue.push_back(from);
  *via.insert(from + 1) = nullptr;
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    uint64_t cur = queue[qi];
    Node **n = nodes_.find(cur);
    if (!n) continue;
    for (Edge *e : (*n)->out) {
      bool isNew;
      Edge **slot = via.insert(e->to + 1, &isNew);
      if (!isNew) continue;
      *slot = e;
      if (e->to == to) {
        Vec<Edge *> rev;
        for (Edge *w = e; w; w = *via.find(w->from + 1)) rev.push_back(w);
        for (size_t i = rev.size(); i-- > 0;) path->push_back(rev[i]);
        return true;
      }
      queue.push_back(e->to);
    }
  }
  return false;
}

// Can one maker per edge be chosen, edges [i, n), with no pair ordered by hb (and, with
// twoThreads, not one thread for every edge)? A manyMakers edge may have an unlisted maker,
// unordered with everything: it constrains nothing.
static bool concurrentChoice(const Vec<Edge *> &cycle, size_t i, Edge::Maker *chosen,
                             HappensBefore *hb, bool twoThreads) {
  if (i == cycle.size()) {
    if (!twoThreads) return true;
    for (size_t j = 0; j < i; ++j)
      if (chosen[j].tid == ~0u || chosen[j].tid != chosen[0].tid) return true;
    return false;
  }
  const Edge *e = cycle[i];
  if (e->manyMakers) {
    chosen[i] = {~0u, 0};
    return concurrentChoice(cycle, i + 1, chosen, hb, twoThreads);
  }
  for (uint8_t m = 0; m < e->nmakers; ++m) {
    Edge::Maker c = e->makers[m];
    bool ok = true;
    for (size_t j = 0; j < i && ok; ++j) {
      Edge::Maker o = chosen[j];
      if (o.tid == ~0u || o.tid == c.tid) continue;
      ok = !hb->endsBefore(o.tid, c.tid, c.seq) && !hb->endsBefore(c.tid, o.tid, o.seq);
    }
    if (!ok) continue;
    chosen[i] = c;
    if (concurrentChoice(cycle, i + 1, chosen, hb, twoThreads)) return true;
  }
  return false;
}

uint32_t LockGraph::soleMaker(const Vec<Edge *> &cycle) {
  if (cycle.empty()) return ~0u;
  for (const Edge *e : cycle)
    if (e->multiThread || e->tid != cycle[0]->tid) return ~0u;
  return cycle[0]->tid;
}

bool LockGraph::isReportable(const Vec<Edge *> &cycle, HappensBefore *hb,
                             bool ignoreSingleThread) {
  if (cycle.empty()) return false;
  if (ignoreSingleThread && soleMaker(cycle) != ~0u) return false;
  // Every edge is read-held -> read-taken: readers never block each other.
  bool allRead = true;
  for (const Edge *e : cycle) allRead &= e->fromRead && e->toRead;
  if (allRead) return false;
  // A gate lock held at every edge.
  for (uint8_t i = 0; i < cycle[0]->ngates; ++i) {
    uint64_t g = cycle[0]->gates[i];
    bool inAll = true;
    for (const Edge *e : cycle) {
      bool in = false;
      for (uint8_t j = 0; j < e->ngates; ++j) in |= e->gates[j] == g;
      inAll &= in;
    }
    if (inAll) return false;
  }
  // Edges ordered by joins. Long cycles (rare) are not searched: reported as they are.
  constexpr size_t kMaxSearched = 8;
  if (hb && cycle.size() <= kMaxSearched) {
    Edge::Maker chosen[kMaxSearched];
    if (!concurrentChoice(cycle, 0, chosen, hb, ignoreSingleThread)) return false;
  }
  return true;
}

void LockGraph::removeNode(uint64_t id, Vec<void *> *freed) {
  if (Sink *s = findSink(id)) {
    if (Node **fp = nodes_.find(s->from)) {
      --(*fp)->nsinks;
      --numEdges_;
      if (freed && s->payload) freed->push_back(s->payload);
    }
    eraseSink(id);
  }
  Node **np = nodes_.find(id);
  if (!np) return;
  Node *n = *np;
  numEdges_ -= n->nsinks;  // its sink edges are stale now (dropped when found)
  auto drop = [&](Edge *e, bool outgoing) {
    uint64_t other = outgoing ? e->to : e->from;
    if (other != id) {
      Node **op = nodes_.find(other);
      if (op) {  // swap-remove from the other end's list (order there is not meaningful)
        Vec<Edge *> &list = outgoing ? (*op)->in : (*op)->out;
        uint32_t pos = outgoing ? e->inPos : e->outPos;
        if (pos < list.size() && list[pos] == e) {
          Edge *moved = list.back();
          list[pos] = moved;
          if (outgoing)
            moved->inPos = pos;
          else
            moved->outPos = pos;
          list.pop_back();
        }
      }
    }
    --numEdges_;
    unlinkPair(e);
    if (freed && e->payload) freed->push_back(e->payload);
    freeEdge(e);
  };
  for (Edge *e : n->out) drop(e, true);
  for (Edge *e : n->in)
    if (e->from != id) drop(e, false);
  nodes_.erase(id);
  n->~Node();
  InternalFree(n, sizeof(Node));
}

void LockGraph::freeEdge(Edge *e) {
  if (e->gates) InternalFree(e->gates, e->ngatesAlloc * sizeof(uint64_t));
  InternalFree(e, sizeof(Edge));
}

void LockGraph::clear() {
  nodes_.forEach([](uint64_t, Node *n) {
    for (Edge *e : n->out) freeEdge(e);
  });
  nodes_.forEach([](uint64_t, Node *n) {
    n->~Node();
    InternalFree(n, sizeof(Node));
  });
  numEdges_ = 0;
  sinkPages_.forEach([](uint64_t, SinkPage *p) { InternalFree(p, sizeof(SinkPage)); });
  sinkPages_.release();
  numSinks_ = 0;
  pairs_.release();
  nodes_.release();
}

} // namespace parcheck
