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
          LockGraph::Change *chOut = nullptr, uint64_t seq = 0) {
  LockGraph::Change ch;
  Edge *e = g.addEdge(a, b, tid, seq, gates.data(), gates.size(), ra, rb, &ch);
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

TEST(LockGraph, SingleThreadCycleIsReportableByDefault) {
  LockGraph g;
  Add(g, 1, 2, 7);
  Edge *e = Add(g, 2, 1, 7);
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_EQ(LockGraph::soleMaker(cyc), 7u);
  EXPECT_TRUE(LockGraph::isReportable(cyc));  // two threads running these paths can deadlock
  EXPECT_FALSE(LockGraph::isReportable(cyc, nullptr, /*ignoreSingleThread=*/true));  // opt-out
  // Another thread making one of the edges makes it reportable even with the opt-out.
  LockGraph::Change ch;
  Edge *e2 = Add(g, 1, 2, 8, {}, false, false, &ch);
  EXPECT_EQ(ch, LockGraph::kChanged);
  ASSERT_TRUE(g.cycleThrough(e2, &cyc));
  EXPECT_EQ(LockGraph::soleMaker(cyc), ~0u);
  EXPECT_TRUE(LockGraph::isReportable(cyc, nullptr, /*ignoreSingleThread=*/true));
}

TEST(LockGraph, SingleThreadCycleUnderAGateIsNotReportable) {
  LockGraph g;
  Add(g, 1, 2, 7, {9});
  Edge *e = Add(g, 2, 1, 7, {9});
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_FALSE(LockGraph::isReportable(cyc));
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

// Sequence numbers below follow one timeline, as the runtime stamps them.
TEST(ThreadTree, JoinOrdersTheJoinedThreadBeforeTheJoinersLaterEvents) {
  ThreadTree t;
  t.created(1, 0, 10);  // main (T0) creates T1 ...
  t.setHandle(1, 0xa1);
  t.created(2, 0, 11);  // ... and T2
  t.setHandle(2, 0xa2);
  EXPECT_EQ(t.joined(0xa1, 0, 20), 1u);  // main joins T1 at 20
  EXPECT_TRUE(t.endsBefore(1, 0, 21));   // main after the join
  EXPECT_FALSE(t.endsBefore(1, 0, 19));  // main before the join
  EXPECT_FALSE(t.endsBefore(1, 2, 30));  // T2 was created before the join: concurrent
  EXPECT_FALSE(t.endsBefore(0, 1, 30));  // main never ended
  EXPECT_FALSE(t.endsBefore(2, 0, 30));  // T2 never joined
  EXPECT_EQ(t.joined(0xa1, 0, 25), ~0u);  // a handle is joined once
  EXPECT_EQ(t.joined(0xbad, 0, 26), ~0u);  // unknown handle
}

TEST(ThreadTree, ChainsThroughLaterCreationsAndJoins) {
  ThreadTree t;
  t.created(1, 0, 1);
  t.setHandle(1, 0x11);
  t.created(2, 0, 2);
  t.setHandle(2, 0x12);
  EXPECT_EQ(t.joined(0x12, 1, 5), 2u);  // T1 joins T2 at 5
  t.created(3, 1, 6);                  // then T1 creates T3
  t.setHandle(3, 0x13);
  t.created(4, 3, 8);                  // which creates T4
  t.setHandle(4, 0x14);
  EXPECT_TRUE(t.endsBefore(2, 3, 7));   // T2's end -> T1@5 -> T3 created @6
  EXPECT_TRUE(t.endsBefore(2, 4, 9));   // ... -> T4 created @8
  EXPECT_FALSE(t.endsBefore(2, 0, 9));  // main has not joined T1
  EXPECT_EQ(t.joined(0x11, 0, 10), 1u);
  EXPECT_TRUE(t.endsBefore(2, 0, 11));  // T2 -> T1 -> main's join of T1
  EXPECT_FALSE(t.endsBefore(2, 0, 10)); // not at the join itself
  // A handle reused by a later thread names the later one.
  t.created(5, 0, 12);
  t.setHandle(5, 0x11);
  EXPECT_EQ(t.joined(0x11, 0, 13), 5u);
}

namespace {

// The vector-clock model the randomised ThreadTree tests hold the tree to: a clock per thread
// (T0 exists), and each step done to the model and to the tree alike. The end of t1 happens
// before an event of t2 iff t2's clock there has seen t1's last tick.
struct ClockModel {
  using VC = std::vector<uint64_t>;
  struct Point { uint32_t tid; uint64_t seq; VC vc; };
  std::vector<VC> clock{VC(1, 1)};
  std::vector<bool> alive{true}, joined{false};
  std::vector<Point> points;
  uint64_t seq = 1;

  void tick(uint32_t t) {
    if (clock[t].size() < clock.size()) clock[t].resize(clock.size(), 0);
    clock[t][t]++;
  }
  std::vector<uint32_t> live() const {
    std::vector<uint32_t> out;
    for (uint32_t t = 0; t < alive.size(); ++t)
      if (alive[t]) out.push_back(t);
    return out;
  }
  // actor creates the next thread (its handle 0x1000 + its id).
  void create(ThreadTree &tree, uint32_t actor) {
    uint32_t c = uint32_t(clock.size());
    tick(actor);
    tree.created(c, actor, seq++);
    tree.setHandle(c, 0x1000 + c);
    clock.push_back(clock[actor]);
    clock[c].resize(c + 1, 0);
    clock[c][c] = 1;
    alive.push_back(true);
    joined.push_back(false);
  }
  // actor joins t; with reportEnd the tree hears of t's end first, as the runtime tells it.
  void join(ThreadTree &tree, uint32_t actor, uint32_t t, bool reportEnd) {
    tick(t);  // its exit: seen only through the join
    alive[t] = false;
    joined[t] = true;
    if (reportEnd) tree.finished(t);
    EXPECT_EQ(tree.joined(0x1000 + t, actor, seq++), t);
    VC &into = clock[actor];
    const VC &from = clock[t];
    if (into.size() < from.size()) into.resize(from.size(), 0);
    for (size_t i = 0; i < from.size(); ++i) into[i] = std::max(into[i], from[i]);
    tick(actor);
  }
  // An edge observation by actor.
  void point(uint32_t actor) {
    tick(actor);
    points.push_back({actor, seq++, clock[actor]});
  }
  // What the tree must answer to endsBefore(t1, p.tid, p.seq).
  bool endsBefore(uint32_t t1, const Point &p) const {
    return t1 != p.tid && joined[t1] && t1 < p.vc.size() && p.vc[t1] >= clock[t1][t1];
  }
};

}  // namespace

// Random create/join/edge histories against vector clocks.
TEST(ThreadTree, RandomisedAgainstVectorClocks) {
  std::mt19937 rng(4242);
  for (int round = 0; round < 200; ++round) {
    ThreadTree tree;
    ClockModel m;
    for (int step = 0; step < 40; ++step) {
      std::vector<uint32_t> live = m.live();
      uint32_t actor = live[rng() % live.size()];
      int what = rng() % 3;
      if (what == 0 && m.clock.size() < 12) {  // actor creates a thread
        m.create(tree, actor);
      } else if (what == 1 && live.size() > 1) {  // actor joins another live thread
        uint32_t t = live[rng() % live.size()];
        if (t == actor || t == 0) continue;
        m.join(tree, actor, t, /*reportEnd=*/false);
      } else {  // an edge observation by the actor
        m.point(actor);
      }
    }
    for (const ClockModel::Point &p : m.points)
      for (uint32_t t1 = 0; t1 < m.clock.size(); ++t1)
        EXPECT_EQ(tree.endsBefore(t1, p.tid, p.seq), m.endsBefore(t1, p))
            << "round " << round << " t1=T" << t1 << " t2=T" << p.tid << " seq " << p.seq;
  }
}

// The same histories with thread ends reported (finished) and edge makers marked: threads
// that made no edge and were joined by their creator are dropped, and every answer about
// the makers stays the vector clocks' answer.
TEST(ThreadTree, DroppingThreadsKeepsEveryAnswerAboutMakers) {
  std::mt19937 rng(777);
  size_t dropped = 0;
  for (int round = 0; round < 300; ++round) {
    ThreadTree tree;
    ClockModel m;
    std::vector<bool> maker{false};
    for (int step = 0; step < 60; ++step) {
      std::vector<uint32_t> live = m.live();
      uint32_t actor = live[rng() % live.size()];
      int what = rng() % 4;
      if (what <= 1 && m.clock.size() < 16) {  // create (more often: many short threads)
        m.create(tree, actor);
        maker.push_back(false);
      } else if (what == 2 && live.size() > 1) {  // join; mostly by the creator
        uint32_t t = live[rng() % live.size()];
        if (t == actor || t == 0) continue;
        m.join(tree, actor, t, /*reportEnd=*/true);
      } else if (rng() % 3 == 0) {  // an edge observation (rarer: most threads make none)
        if (!maker[actor]) tree.madeEdge(actor);
        maker[actor] = true;
        m.point(actor);
      }
    }
    size_t recorded = tree.size();
    dropped += m.clock.size() + 1 - std::min(m.clock.size() + 1, recorded);
    for (const ClockModel::Point &p : m.points)
      for (uint32_t t1 = 0; t1 < m.clock.size(); ++t1) {
        if (!maker[t1]) continue;  // the join filter only asks about edge makers
        EXPECT_EQ(tree.endsBefore(t1, p.tid, p.seq), m.endsBefore(t1, p))
            << "round " << round << " t1=T" << t1 << " t2=T" << p.tid << " seq " << p.seq;
      }
  }
  EXPECT_GT(dropped, 300u);  // the rule does drop threads in these histories
}

TEST(ThreadTree, ThreadsJoinedByTheirCreatorWithoutEdgesAreNotKept) {
  ThreadTree t;
  uint64_t seq = 1;
  for (uint32_t wave = 0; wave < 200; ++wave) {
    for (uint32_t i = 0; i < 100; ++i) {
      uint32_t tid = 1 + wave * 100 + i;
      t.created(tid, 0, seq++);
      t.setHandle(tid, 0x10000 + i);  // handles are reused once their thread is joined
    }
    if (wave == 7) t.madeEdge(1 + wave * 100 + 3);  // one maker: kept
    for (uint32_t i = 0; i < 100; ++i) {
      t.finished(1 + wave * 100 + i);
      EXPECT_EQ(t.joined(0x10000 + i, 0, seq++), 1 + wave * 100 + i);
    }
  }
  EXPECT_EQ(t.size(), 2u);  // main and the maker, not 20001 threads
  EXPECT_TRUE(t.endsBefore(704, 0, seq));  // the maker (wave 7, i=3)
}

namespace {
struct TreeHb final : HappensBefore {
  ThreadTree *t;
  bool endsBefore(uint32_t a, uint32_t b, uint64_t s) override { return t->endsBefore(a, b, s); }
};
} // namespace

TEST(LockGraph, CycleSplitByAJoinIsNotReportable) {
  ThreadTree tree;
  tree.created(1, 0, 1);
  tree.setHandle(1, 0x51);
  TreeHb hb;
  hb.t = &tree;
  LockGraph g;
  Add(g, 1, 2, /*tid=*/1, {}, false, false, nullptr, /*seq=*/2);  // T1: A then B
  tree.joined(0x51, 0, 3);                                       // main joins T1
  Edge *e = Add(g, 2, 1, /*tid=*/0, {}, false, false, nullptr, 4);  // main: B then A
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc));  // without the order it is a cycle
  EXPECT_FALSE(LockGraph::isReportable(cyc, &hb));
  // A thread created afterwards that also takes A then B can run beside main: reportable.
  tree.created(2, 0, 5);
  LockGraph::Change ch;
  Add(g, 1, 2, /*tid=*/2, {}, false, false, &ch, 6);
  EXPECT_EQ(ch, LockGraph::kChanged);  // a new maker can make a cycle reportable
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc, &hb));
}

TEST(LockGraph, JoinsDoNotOrderAThreadAgainstItself) {
  // T1 takes A then B, and B then A; main joins T1, then takes A then B itself. One thread
  // made the whole cycle: no join can separate its edges.
  ThreadTree tree;
  tree.created(1, 0, 1);
  tree.setHandle(1, 0x51);
  TreeHb hb;
  hb.t = &tree;
  LockGraph g;
  Add(g, 1, 2, /*tid=*/1, {}, false, false, nullptr, /*seq=*/2);
  Edge *e = Add(g, 2, 1, /*tid=*/1, {}, false, false, nullptr, 3);
  tree.joined(0x51, 0, 4);
  Add(g, 1, 2, /*tid=*/0, {}, false, false, nullptr, 5);
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc, &hb));
  // The opt-out: T1 alone made a cycle, and main's edge cannot overlap T1's.
  EXPECT_EQ(LockGraph::soleMaker(cyc), ~0u);
  EXPECT_FALSE(LockGraph::isReportable(cyc, &hb, /*ignoreSingleThread=*/true));
  // A thread created afterwards that takes B then A can run beside main: reported.
  tree.created(2, 0, 6);
  Edge *e2 = Add(g, 2, 1, /*tid=*/2, {}, false, false, nullptr, 7);
  ASSERT_TRUE(g.cycleThrough(e2, &cyc));
  EXPECT_TRUE(LockGraph::isReportable(cyc, &hb, /*ignoreSingleThread=*/true));
}

TEST(LockGraph, ManyMakersAreNotFiltered) {
  ThreadTree tree;
  TreeHb hb;
  hb.t = &tree;
  LockGraph g;
  for (uint32_t t = 1; t <= kMaxMakers + 1; ++t) {
    tree.created(t, 0, t);
    tree.setHandle(t, 0x100 + t);
    Add(g, 1, 2, t, {}, false, false, nullptr, 10 + t);
  }
  for (uint32_t t = 1; t <= kMaxMakers + 1; ++t) tree.joined(0x100 + t, 0, 30 + t);
  Edge *e = Add(g, 2, 1, 0, {}, false, false, nullptr, 50);
  EXPECT_TRUE(e->nmakers == 1 && !e->manyMakers);
  EXPECT_TRUE(g.findEdge(1, 2)->manyMakers);
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  // All listed makers were joined, but an unlisted one might not have been: reported.
  EXPECT_TRUE(LockGraph::isReportable(cyc, &hb));
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
          Edge *direct = g.findEdge(x, y);  // the (from, to) index agrees with the model
          ASSERT_EQ(direct != nullptr, n.edges.count({x, y}) == 1) << x << "->" << y;
          if (direct) ASSERT_TRUE(direct->from == x && direct->to == y);
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

//===-- Sink edges ----------------------------------------------------------===//

namespace {
int g_payload;
std::set<std::pair<uint64_t, uint64_t>> EdgeSet(LockGraph &g) {
  std::set<std::pair<uint64_t, uint64_t>> s;
  g.forEachEdge([&](Edge *e) { s.insert({e->from, e->to}); });
  return s;
}
// The runtime's protocol: a sink edge if the graph takes it, else a full edge.
Edge *AddLikeRuntime(LockGraph &g, uint64_t a, uint64_t b, uint32_t tid, LockGraph::Change *ch,
                     std::vector<uint64_t> gates = {}, uint64_t seq = 0) {
  if (g.addSinkEdge(a, b, tid, seq, gates.data(), gates.size(), false, false, &g_payload,
                    reinterpret_cast<void *>(b), ch))
    return nullptr;
  return g.addEdge(a, b, tid, seq, gates.data(), gates.size(), false, false, ch);
}
} // namespace

TEST(LockGraph, SinkEdgeIsCompactUntilItsHeadGetsAnotherEdge) {
  LockGraph g;
  LockGraph::Change ch;
  // 1 -> 2: 2 has no edge: kept as a sink (no node for 2).
  EXPECT_EQ(AddLikeRuntime(g, 1, 2, /*tid=*/7, &ch, {}, /*seq=*/5), nullptr);
  EXPECT_EQ(ch, LockGraph::kNew);
  EXPECT_EQ(g.numSinkEdges(), 1u);
  EXPECT_EQ(g.numEdges(), 1u);
  EXPECT_TRUE(g.hasEdge(1, 2));
  EXPECT_FALSE(g.hasEdge(2, 1));
  EXPECT_EQ(g.findEdge(1, 2), nullptr);
  EXPECT_EQ(g.nodeData(2), reinterpret_cast<void *>(2));
  EXPECT_EQ(EdgeSet(g), (std::set<std::pair<uint64_t, uint64_t>>{{1, 2}}));
  // The same thread again: known, nothing changes.
  EXPECT_EQ(AddLikeRuntime(g, 1, 2, 7, &ch), nullptr);
  EXPECT_EQ(ch, LockGraph::kKnown);
  // 2 -> 1 closes a cycle: the sink becomes a full edge first, with its payload, maker and
  // head datum.
  Edge *e = AddLikeRuntime(g, 2, 1, 8, &ch);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(ch, LockGraph::kNew);
  EXPECT_EQ(g.numSinkEdges(), 0u);
  EXPECT_EQ(g.numEdges(), 2u);
  Edge *s = g.findEdge(1, 2);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->payload, &g_payload);
  EXPECT_EQ(s->tid, 7u);
  EXPECT_EQ(s->makers[0].seq, 5u);
  EXPECT_EQ(g.nodeData(2), reinterpret_cast<void *>(2));
  Vec<Edge *> cyc;
  ASSERT_TRUE(g.cycleThrough(e, &cyc));
  EXPECT_EQ(PathString(cyc), "1->2->1");
}

TEST(LockGraph, SinkEdgeSeenByAnotherThreadOrWithAGateIsAFullEdge) {
  LockGraph g;
  LockGraph::Change ch;
  EXPECT_EQ(AddLikeRuntime(g, 1, 2, 1, &ch), nullptr);
  Edge *e = AddLikeRuntime(g, 1, 2, 2, &ch);  // another thread: materialised, changed
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(ch, LockGraph::kChanged);
  EXPECT_TRUE(e->multiThread);
  EXPECT_EQ(g.numSinkEdges(), 0u);
  // A gate lock: never a sink.
  EXPECT_NE(AddLikeRuntime(g, 3, 4, 1, &ch, {9}), nullptr);
  EXPECT_EQ(g.numSinkEdges(), 0u);
}

TEST(LockGraph, SinkEdgesGoWithEitherEnd) {
  LockGraph g;
  LockGraph::Change ch;
  AddLikeRuntime(g, 1, 2, 1, &ch);
  AddLikeRuntime(g, 1, 3, 1, &ch);
  g.removeNode(2, nullptr);  // the head: gone
  EXPECT_EQ(g.numEdges(), 1u);
  EXPECT_FALSE(g.hasEdge(1, 2));
  g.removeNode(1, nullptr);  // the tail: 1 -> 3 is stale
  EXPECT_EQ(g.numEdges(), 0u);
  EXPECT_FALSE(g.hasEdge(1, 3));
  EXPECT_TRUE(EdgeSet(g).empty());
  // 3 gets an edge: the stale sink is dropped, not made into an edge from a removed lock.
  Edge *e = AddLikeRuntime(g, 3, 4, 1, &ch);
  EXPECT_EQ(e, nullptr);  // 4 is a fresh head: a sink; 3 is a node now
  EXPECT_NE(AddLikeRuntime(g, 5, 3, 1, &ch), nullptr);  // 3 has a node: a full edge
  EXPECT_EQ(EdgeSet(g), (std::set<std::pair<uint64_t, uint64_t>>{{3, 4}, {5, 3}}));
  EXPECT_EQ(g.numEdges(), 2u);
}

// The runtime's protocol (sink first) against the naive model: every full edge's cycle check
// sees exactly the cycles the model has, and the edge set and count agree. Ids are never
// reused (a removed lock comes back under a new id), as in the runtime.
TEST(LockGraph, SinkEdgesKeepEveryCycleAgainstNaiveModel) {
  std::mt19937 rng(4242);
  for (int round = 0; round < 300; ++round) {
    LockGraph g;
    Naive n;
    const int kNodes = 2 + int(rng() % 6);
    std::vector<uint64_t> id(kNodes);
    uint64_t next = 1;
    for (uint64_t &i : id) i = next++;
    for (int step = 0; step < 60; ++step) {
      int op = int(rng() % 10);
      int x = int(rng() % kNodes), y = int(rng() % kNodes);
      uint64_t a = id[x], b = id[y];
      if (op < 8) {
        if (a == b) continue;
        LockGraph::Change ch;
        std::vector<uint64_t> gates;
        if (op == 7) gates.push_back(999);
        Edge *e = AddLikeRuntime(g, a, b, 1 + rng() % 2, &ch, gates);
        n.edges.insert({a, b});
        if (e && ch != LockGraph::kKnown) {
          Vec<Edge *> cyc;
          ASSERT_EQ(g.cycleThrough(e, &cyc), n.dist(b, a) >= 0) << a << "->" << b;
        } else if (!e) {
          ASSERT_EQ(n.dist(b, a), -1) << "a sink edge closed a cycle: " << a << "->" << b;
        }
      } else {
        g.removeNode(a, nullptr);
        for (auto it = n.edges.begin(); it != n.edges.end();)
          it = (it->first == a || it->second == a) ? n.edges.erase(it) : std::next(it);
        id[x] = next++;
      }
      ASSERT_EQ(g.numEdges(), n.edges.size());
      ASSERT_EQ(EdgeSet(g), n.edges);
      for (uint64_t u : id)
        for (uint64_t v : id)
          if (u != v) ASSERT_EQ(g.hasEdge(u, v), n.edges.count({u, v}) == 1);
    }
  }
}
