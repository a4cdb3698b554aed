//===- GraphTest.cpp - lock-order graph against a naive model -------------===//
//
// Randomised oracle test in the style of Abseil's graphcycles_test: random edge insertions
// and node removals on <= 7 nodes, after each step comparing path existence with a naive
// transitive closure and checking that returned paths are real, shortest paths.
//===----------------------------------------------------------------------===//
#include "rt_graph.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

using namespace parcheck;

namespace {

std::string PathString(const Vec<Edge *> &p) {
  std::string s;
  for (size_t i = 0; i < p.size(); ++i) {
    if (i == 0) s += std::to_string(p[i]->from);
    s += "->" + std::to_string(p[i]->to);
  }
  return s;
}

Edge *Add(LockGraph &g, uint64_t a, uint64_t b, uint32_t tid = 1,
          std::vector<uint64_t> gates = {}, bool ra = false, bool rb = false,
          LockGraph::Change *chOut = nullptr) {
  LockGraph::Change ch;
  Edge *e = g.addEdge(a, b, tid, gates.data(), gates.size(), ra, rb, &ch);
  if (chOut) *chOut = ch;
  return e;
}

struct Naive {
  std::set<std::pair<uint64_t, uint64_t>> edges;
  int dist(uint64_t a, uint64_t b) const {  // BFS distance in edges, -1 if unreachable
    std::vector<uint64_t> frontier{a};
    std::set<uint64_t> seen{a};
    for (int d = 1; !frontier.empty(); ++d) {
      std::vector<uint64_t> next;
      for (uint64_t x : frontier)
        for (auto &e : edges)
          if (e.first == x && !seen.count(e.second)) {
            if (e.second == b) return d;
            seen.insert(e.second);
            next.push_back(e.second);
          }
      frontier = next;
    }
    return -1;
  }
};

} // namespace

TEST(LockGraph, SimpleCycleAndPathString) {
  LockGraph g;
  Add(g, 1, 2);
  Add(g, 2, 3);
  Edge *e = Add(g, 3, 1, 2);
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_EQ(PathString(cyc), "1->2->3->1");
  EXPECT_TRUE(LockGraph::isReportable(cyc));
  Vec<Edge *> p;
  EXPECT_TRUE(g.findPath(1, 3, &p));
  EXPECT_EQ(PathString(p), "1->2->3");
  EXPECT_FALSE(g.findPath(4, 1, &p));
}

TEST(LockGraph, KnownEdgeIsNotNew) {
  LockGraph g;
  LockGraph::Change ch;
  Add(g, 1, 2, 1, {}, false, false, &ch);
  EXPECT_EQ(ch, LockGraph::kNew);
  Add(g, 1, 2, 1, {}, false, false, &ch);
  EXPECT_EQ(ch, LockGraph::kKnown);
  Add(g, 1, 2, 2, {}, false, false, &ch);
  EXPECT_EQ(ch, LockGraph::kChanged);  // a second thread
  EXPECT_EQ(g.numEdges(), 1u);
}

TEST(LockGraph, SingleThreadCycleIsNotReportable) {
  LockGraph g;
  Add(g, 1, 2, 7);
  Edge *e = Add(g, 2, 1, 7);
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_FALSE(LockGraph::isReportable(cyc));
  // Another thread making one of the edges makes it reportable.
  LockGraph::Change ch;
  Edge *e2 = Add(g, 1, 2, 8, {}, false, false, &ch);
  EXPECT_EQ(ch, LockGraph::kChanged);
  ASSERT_TRUE(g.cycleThrough(e2, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc));
}

TEST(LockGraph, GateLockSuppressesCycle) {
  LockGraph g;
  Add(g, 1, 2, 1, {9});
  Edge *e = Add(g, 2, 1, 2, {9});
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_FALSE(LockGraph::isReportable(cyc));
  // The same edge seen without the gate: the gate set shrinks to empty.
  LockGraph::Change ch;
  Edge *e2 = Add(g, 2, 1, 3, {}, false, false, &ch);
  EXPECT_EQ(ch, LockGraph::kChanged);
  ASSERT_TRUE(g.cycleThrough(e2, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc));
}

TEST(LockGraph, DifferentGatesDoNotProtect) {
  LockGraph g;
  Add(g, 1, 2, 1, {8});
  Edge *e = Add(g, 2, 1, 2, {9});
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc));
}

TEST(LockGraph, ReadReadCycleIsNotReportable) {
  LockGraph g;
  Add(g, 1, 2, 1, {}, true, true);
  Edge *e = Add(g, 2, 1, 2, {}, true, true);
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_FALSE(LockGraph::isReportable(cyc));
  Edge *w = Add(g, 2, 1, 3, {}, false, false);  // a writer makes it block
  ASSERT_TRUE(g.cycleThrough(w, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc));
}

TEST(LockGraph, RemoveNodeDropsEdgesAndReturnsPayloads) {
  LockGraph g;
  int payload = 0;
  Add(g, 1, 2)->payload = &payload;
  Add(g, 2, 3)->payload = &payload;
  Add(g, 3, 1)->payload = &payload;
  Vec<void *> freed;
  g.removeNode(2, &freed);
  EXPECT_EQ(freed.size(), 2u);
  EXPECT_EQ(g.numEdges(), 1u);
  Vec<Edge *> p;
  EXPECT_FALSE(g.findPath(1, 3, &p));
  EXPECT_TRUE(g.findPath(3, 1, &p));
}

TEST(LockGraph, GatesAreCappedNotCrashing) {
  LockGraph g;
  std::vector<uint64_t> many;
  for (uint64_t i = 100; i < 400; ++i) many.push_back(i);
  Edge *e = Add(g, 1, 2, 1, many);
  EXPECT_EQ(e->ngates, kMaxGates);
}

TEST(LockGraph, RandomisedAgainstNaiveModel) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    LockGraph g;
    Naive n;
    const int kNodes = 1 + int(rng() % 7);
    for (int step = 0; step < 60; ++step) {
      int op = int(rng() % 10);
      uint64_t a = 1 + rng() % kNodes, b = 1 + rng() % kNodes;
      if (op < 7) {
        if (a == b) continue;
        Add(g, a, b);
        n.edges.insert({a, b});
      } else if (op < 8) {
        Vec<void *> freed;
        g.removeNode(a, &freed);
        for (auto it = n.edges.begin(); it != n.edges.end();)
          it = (it->first == a || it->second == a) ? n.edges.erase(it) : std::next(it);
      }
      ASSERT_EQ(g.numEdges(), n.edges.size());
      // Invariants after each step: path existence and shortest length match the model, and
      // every returned path is a chain of existing edges.
      for (uint64_t x = 1; x <= uint64_t(kNodes); ++x)
        for (uint64_t y = 1; y <= uint64_t(kNodes); ++y) {
          if (x == y) continue;
          Vec<Edge *> p;
          bool found = g.findPath(x, y, &p);
          int d = n.dist(x, y);
          ASSERT_EQ(found, d >= 0) << x << "->" << y;
          if (!found) continue;
          ASSERT_EQ(int(p.size()), d) << PathString(p);
          ASSERT_EQ(p[0]->from, x);
          ASSERT_EQ(p.back()->to, y);
          for (size_t i = 0; i < p.size(); ++i) {
            ASSERT_TRUE(n.edges.count({p[i]->from, p[i]->to}));
            if (i) ASSERT_EQ(p[i - 1]->to, p[i]->from);
          }
        }
    }
  }
}
