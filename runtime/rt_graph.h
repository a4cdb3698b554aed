//===- rt_graph.h - the lock-order graph ----------------------------------===//
//
// Nodes are lock ids (a lock's address generation: a mutex destroyed and another created at the
// same address gets a new id, so stale edges and stale per-thread cache entries are harmless).
// An edge A->B means "some thread took B while holding A". Edges are kept even when they close
// a cycle, so every cycle stays visible to later checks. A new edge costs one breadth-first
// search from its head back to its tail over the reachable part of the graph; the graph only
// changes on the slow path (an edge not seen before), so that is rare.
//
// Pure data structure: no interception, no clocks, no I/O; the caller serialises access
// (the runtime holds its graph lock). Known limit: the gate-lock filter looks at the shortest
// cycle through the new edge only, and at most kMaxGates gate locks per edge.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_GRAPH_H
#define PARCHECK_RT_GRAPH_H

#include "rt_common.h"
#include "rt_hb.h"

namespace parcheck {

constexpr int kMaxGates = 8;
constexpr int kMaxMakers = 4;

struct Edge {
  uint64_t from, to;
  uint32_t tid;           // first thread that made the edge
  bool multiThread;       // some other thread made it too
  // The first kMaxMakers threads that made the edge, each with the sequence number of its
  // first observation; manyMakers if more did.
  uint8_t nmakers;
  bool manyMakers;
  struct Maker { uint32_t tid; uint64_t seq; } makers[kMaxMakers];
  bool fromRead, toRead;  // modes of the first observation
  uint8_t ngates, ngatesAlloc;
  uint64_t *gates;        // ngates locks held at every observation (intersection), sorted;
                          // out of line (most edges have none): an Edge is 128 bytes
  void *payload;          // owned by the host (stacks)
  Edge *nextSamePair;     // chain of edges whose (from, to) share a pairs_ key
  uint32_t outPos, inPos; // index in from's out list and to's in list (O(1) removal)
};
static_assert(sizeof(Edge) <= 128, "one 128-byte block of the internal allocator");

class LockGraph {
public:
  enum Change { kKnown, kNew, kChanged };
  LockGraph() = default;
  ~LockGraph() { clear(); }
  // Records an observation of from->to by thread tid at sequence number seq with the other
  // held locks `gates`. kChanged means an existing edge lost a gate lock or gained a thread,
  // which can turn an unreportable cycle into a reportable one.
  Edge *addEdge(uint64_t from, uint64_t to, uint32_t tid, uint64_t seq, const uint64_t *gates,
                size_t ngates, bool fromRead, bool toRead, Change *change);
  Edge *findEdge(uint64_t from, uint64_t to);
  // A sink edge: the only edge into a lock that has no other edge (no node), made with no
  // gate lock. It cannot be on a cycle (its head has no way out), so it is kept compactly
  // (no node for its head, no Edge, no out/in list entries: a million locks each taken once
  // under one global lock cost a map slot each), and turned into a full edge (materialised)
  // as soon as its head gets any other edge, in or out: addEdge does that first, so every
  // search and every cycle sees only full edges. Returns true if the observation was
  // handled as a sink: *change is kNew (stored with `payload`, and `toData` as the head's
  // node datum) or kKnown (the same thread saw the same sink again). False: the caller
  // calls addEdge (a gate lock, a head with a node, another thread or source, a read-read
  // sink seen in write mode, or a new sink without a payload).
  bool addSinkEdge(uint64_t from, uint64_t to, uint32_t tid, uint64_t seq, const uint64_t *gates,
                   size_t ngates, bool fromRead, bool toRead, void *payload, void *toData,
                   Change *change);
  // findEdge, or a sink edge from -> to.
  bool hasEdge(uint64_t from, uint64_t to);
  size_t numSinkEdges() const { return numSinks_; }  // stored, stale ones included
  // Shortest path from -> ... -> to as a list of edges; false if there is none.
  bool findPath(uint64_t from, uint64_t to, Vec<Edge *> *path);
  // The shortest cycle through e: e followed by a path e->to ... e->from.
  bool cycleThrough(Edge *e, Vec<Edge *> *cycle) {
    cycle->clear();
    if (!findPath(e->to, e->from, cycle)) return false;
    cycle->push_back(e);
    return true;
  }
  // A cycle is a potential deadlock unless one lock guards every edge (a gate), every edge is
  // read-held -> read-taken (cannot block), or (given hb) no choice of one maker per edge
  // leaves every pair of makers unordered: two edges whose threads are ordered by a join
  // cannot be made at the same time. A cycle one thread alone made is reported: two threads
  // running those paths at once can deadlock (a thread is never ordered against itself, so
  // hb does not rule it out). ignoreSingleThread=true drops it (the opt-out
  // ignore_single_thread_cycles=1), and then, given hb, the unordered makers must also be
  // two threads or more: T1 making both edges while T0's edge follows T1's join is dropped.
  static bool isReportable(const Vec<Edge *> &cycle, HappensBefore *hb = nullptr,
                           bool ignoreSingleThread = false);
  // The thread that alone made every edge of the cycle, or ~0u.
  static uint32_t soleMaker(const Vec<Edge *> &cycle);
  // Forgets a lock and its edges; returns the payloads of removed edges through `freed`
  // (not those of the sink edges from the lock: they go stale and are dropped when found, so
  // a payload that owns memory must not be given to a sink edge).
  void removeNode(uint64_t id, Vec<void *> *freed);
  // Every edge, sink edges included (as a temporary Edge with from, to, tid, the modes and
  // the payload).
  template <typename F> void forEachEdge(F f) {
    nodes_.forEach([&](uint64_t, Node *n) {
      for (Edge *e : n->out) f(e);
    });
    forEachSink([&](uint64_t to, Sink &s) {
      if (!nodes_.find(s.from)) return;  // stale: its tail was removed
      Edge e;
      memset((void *)&e, 0, sizeof(e));
      e.from = s.from;
      e.to = to;
      e.tid = e.makers[0].tid = s.tid;
      e.makers[0].seq = s.seq;
      e.nmakers = 1;
      e.fromRead = s.fromRead;
      e.toRead = s.toRead;
      e.payload = s.payload;
      f(&e);
    });
  }
  size_t numEdges() const { return numEdges_; }
  // The host's datum for a lock that has an edge (null otherwise); it goes with the node.
  void setNodeData(uint64_t id, void *d) {
    if (Sink *s = findSink(id)) s->toData = d;
    else node(id)->data = d;
  }
  void *nodeData(uint64_t id) {
    Node **n = nodes_.find(id);
    if (n) return (*n)->data;
    Sink *s = findSink(id);
    return s ? s->toData : nullptr;
  }
  size_t numNodes() const { return nodes_.size(); }
  void clear();

private:
  struct Node {
    Vec<Edge *> out;
    Vec<Edge *> in;
    void *data;
    size_t nsinks;  // live sink edges from this node
  };
  // A sink edge, found by its head (`to`). Stale once its tail's node is removed (ids are
  // never reused): dropped when found.
  struct Sink {
    uint64_t from, seq;  // from == 0: no sink
    void *payload, *toData;
    uint32_t tid;
    bool fromRead, toRead;
  };
  // Sinks are stored by head id in pages of kSinksPerPage consecutive ids (one 4 KiB block),
  // found through a small map of pages: ids are handed out in order, so locks made together
  // have their sinks side by side (a map keyed by id would miss the cache on every new or
  // forgotten lock). A page is freed when its last sink goes; in the worst case (one live
  // sink per page) a sink costs a page.
  static constexpr uint64_t kSinksPerPage = 100;
  struct SinkPage {
    uint64_t live;
    Sink s[kSinksPerPage];
  };
  Sink *findSink(uint64_t id) {
    SinkPage **p = sinkPages_.find(id / kSinksPerPage + 1);
    if (!p) return nullptr;
    Sink &s = (*p)->s[id % kSinksPerPage];
    return s.from ? &s : nullptr;
  }
  Sink *insertSink(uint64_t id);  // an empty slot for id (which has no sink)
  void eraseSink(uint64_t id);
  template <typename F> void forEachSink(F f) {
    sinkPages_.forEach([&](uint64_t key, SinkPage *p) {
      for (uint64_t i = 0; i < kSinksPerPage; ++i)
        if (p->s[i].from) f((key - 1) * kSinksPerPage + i, p->s[i]);
    });
  }
  Edge *addFullEdge(uint64_t from, uint64_t to, uint32_t tid, uint64_t seq, const uint64_t *g,
                    size_t ng, bool fromRead, bool toRead, Change *change);
  void materialize(uint64_t id);  // id's sink edge (if any) becomes a full edge
  U64Map<SinkPage *> sinkPages_;
  size_t numSinks_ = 0;
  // Never 0 or ~0 (the map's reserved keys); distinct pairs may share a key: chained.
  static uint64_t key(uint64_t from, uint64_t to) {
    uint64_t k = U64Map<int>::hash(from) * 31 + U64Map<int>::hash(to ^ 0x9e3779b97f4a7c15ULL);
    return k == 0 || k == ~0ULL ? 1 : k;
  }
  void unlinkPair(Edge *e);
  static void freeEdge(Edge *e);
  Node *node(uint64_t id);
  U64Map<Node *> nodes_;
  size_t numEdges_ = 0;   // (every edge is in its from-node's out list)
  U64Map<Edge *> pairs_;  // key(from, to) -> chain of edges (findEdge in O(1), not O(degree))
};

} // namespace parcheck
#endif
