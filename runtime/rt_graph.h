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
  // Forgets a lock and its edges; returns the payloads of removed edges through `freed`.
  void removeNode(uint64_t id, Vec<void *> *freed);
  template <typename F> void forEachEdge(F f) {
    nodes_.forEach([&](uint64_t, Node *n) {
      for (Edge *e : n->out) f(e);
    });
  }
  size_t numEdges() const { return numEdges_; }
  // The host's datum for a lock that has an edge (null otherwise); it goes with the node.
  void setNodeData(uint64_t id, void *d) { node(id)->data = d; }
  void *nodeData(uint64_t id) {
    Node **n = nodes_.find(id);
    return n ? (*n)->data : nullptr;
  }
  size_t numNodes() const { return nodes_.size(); }
  void clear();

private:
  struct Node {
    Vec<Edge *> out;
    Vec<Edge *> in;
    void *data;
  };
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
