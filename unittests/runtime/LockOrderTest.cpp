//===- LockOrderTest.cpp - the lock-order detector without threads ---------===//
//
// Each "thread" is a LockOrderThread and a held-lock vector driven by hand, as the runtime's
// hooks drive them (rt_lockorder.h: beforeLock before a blocking acquisition unless
// NoEdgeInto, push a Held after it, pop it at the release). Stacks come from the callback:
// one frame, the acquisition's pc, so that a report can be checked edge by edge.
//===----------------------------------------------------------------------===//
#include "rt_lockorder.h"
#include "rt_stackdepot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace parcheck;

namespace {

LockRec *Rec(uint64_t id) { return reinterpret_cast<LockRec *>(uintptr_t(id) << 8); }
uintptr_t Pc(uint32_t tid, uint64_t id) { return 0x1000 * (tid + 1) + id; }

struct Recorder final : LockOrderCallbacks {
  uint64_t seq = 1;
  int unwinds = 0;
  std::vector<std::string> reports;  // "A->B by T1 at pc, ..." per cycle, in report order
  uint32_t unwind(uintptr_t pc) override {
    ++unwinds;
    return StackDepotPut(&pc, 1);
  }
  uint64_t stamp() override { return seq++; }
  HappensBefore *joinOrder() override { return nullptr; }
  void report(CycleReport *r) override {
    std::string s;
    for (size_t k = 0; k < r->n; ++k) {
      const CycleEdge &e = r->edges[k];
      EXPECT_EQ(e.fromLock, Rec(e.from));  // the host's records come back with the report
      EXPECT_EQ(e.toLock, Rec(e.to));
      EXPECT_EQ(e.acqStack.n, 1u);
      EXPECT_EQ(e.acqStack.pcs[0], Pc(e.tid, e.to));
      s += (k ? " " : "") + std::to_string(e.from) + "->" + std::to_string(e.to) + "/T" +
           std::to_string(e.tid);
    }
    reports.push_back(s);
    FreeCycleReport(r);
  }
};

enum Mode { kBlock, kTry, kTimed };

struct Thread {
  Thread(LockOrderDetector &d, Recorder &cb, uint32_t tid, bool reportTimed = false)
      : d(d), cb(cb), lt(new LockOrderThread()), reportTimed(reportTimed) {
    lt->tid = tid;
  }
  void lock(uint64_t id, Mode m = kBlock) {
    bool noEdge = NoEdgeInto(m == kTry, m == kTimed, reportTimed);
    if (!noEdge && !held.empty())
      d.beforeLock(lt.get(), &cb, held.data(), held.size(), id, Rec(id), false, Pc(lt->tid, id));
    Held h{};
    h.lock = Rec(id);
    h.id = id;
    h.pc = Pc(lt->tid, id);
    h.count = 1;
    h.tried = noEdge;
    held.push_back(h);
  }
  void unlock(uint64_t id) {
    auto it = std::find_if(held.rbegin(), held.rend(), [&](const Held &h) { return h.id == id; });
    ASSERT_NE(it, held.rend());
    held.erase(std::next(it).base());
  }
  void take(std::initializer_list<uint64_t> ids) {  // in order, then release all
    for (uint64_t id : ids) lock(id);
    for (uint64_t id : ids) unlock(id);
  }
  LockOrderDetector &d;
  Recorder &cb;
  std::unique_ptr<LockOrderThread> lt;
  std::vector<Held> held;
  bool reportTimed;
};

struct LockOrder : ::testing::Test {
  LockOrder() {
    LockOrderOptions o;
    o.ignoreJoinedCycles = false;  // no join order here
    d.init(o);
  }
  LockOrderDetector d;
  Recorder cb;
};

enum : uint64_t { A = 1, B = 2, C = 3, D = 4, G = 9 };

TEST_F(LockOrder, CycleOfTwo) {
  Thread t1(d, cb, 1), t2(d, cb, 2);
  t1.take({A, B});
  EXPECT_TRUE(cb.reports.empty());
  EXPECT_EQ(d.numEdges(), 1u);
  t2.take({B, A});
  ASSERT_EQ(cb.reports.size(), 1u);
  EXPECT_EQ(cb.reports[0], "1->2/T1 2->1/T2");
  // Once per set of locks: the same inversion again is not a new report.
  t2.take({B, A});
  t1.take({A, B});
  EXPECT_EQ(cb.reports.size(), 1u);
}

TEST_F(LockOrder, CycleOfThree) {
  Thread t1(d, cb, 1), t2(d, cb, 2), t3(d, cb, 3);
  t1.take({A, B});
  t2.take({B, C});
  EXPECT_TRUE(cb.reports.empty());
  t3.take({C, A});
  ASSERT_EQ(cb.reports.size(), 1u);
  EXPECT_EQ(cb.reports[0], "1->2/T1 2->3/T2 3->1/T3");
}

TEST_F(LockOrder, GateLockGuardsTheCycle) {
  Thread t1(d, cb, 1), t2(d, cb, 2);
  t1.take({G, A, B});
  t2.take({G, B, A});  // both orders, always under G: cannot deadlock
  EXPECT_TRUE(cb.reports.empty());
  Thread t3(d, cb, 3);
  t3.take({B, A});  // the same inversion without G
  ASSERT_EQ(cb.reports.size(), 1u);
  EXPECT_EQ(cb.reports[0], "1->2/T1 2->1/T3");
}

TEST_F(LockOrder, TrylockMakesNoEdgeIntoIt) {
  Thread t1(d, cb, 1), t2(d, cb, 2);
  t1.lock(A);
  t1.lock(B, kTry);  // cannot block: no edge A->B
  t1.unlock(B);
  t1.unlock(A);
  EXPECT_EQ(d.numEdges(), 0u);
  t2.take({B, A});  // B->A alone is no cycle
  EXPECT_EQ(d.numEdges(), 1u);
  EXPECT_TRUE(cb.reports.empty());
}

TEST_F(LockOrder, TimedAcquisitionMakesNoEdgeUnlessAsked) {
  Thread t1(d, cb, 1), t2(d, cb, 2);
  t1.lock(A);
  t1.lock(B, kTimed);
  t1.unlock(B);
  t1.unlock(A);
  t2.take({B, A});
  EXPECT_TRUE(cb.reports.empty());
  Thread t3(d, cb, 3, /*reportTimed=*/true);  // report_timed_cycles=1
  t3.lock(A);
  t3.lock(B, kTimed);
  ASSERT_EQ(cb.reports.size(), 1u);
  EXPECT_EQ(cb.reports[0], "2->1/T2 1->2/T3");  // the path back, then the new edge
}

TEST_F(LockOrder, ForgetDropsTheLocksEdges) {
  Thread t1(d, cb, 1), t2(d, cb, 2);
  t1.take({A, B});
  t1.take({C, B});
  EXPECT_EQ(d.numEdges(), 2u);
  EXPECT_EQ(d.lockById(A), Rec(A));
  d.forget(A);  // destroyed; a new lock at its address gets a new id (D)
  EXPECT_EQ(d.lockById(A), nullptr);
  int left = 0;
  d.forEachEdge([](void *n, uint64_t, uint64_t, bool) { ++*static_cast<int *>(n); }, &left);
  EXPECT_EQ(left, 1);  // C->B stays
  t2.take({B, D});
  EXPECT_TRUE(cb.reports.empty());
  t2.take({B, C});  // C->B is still there
  ASSERT_EQ(cb.reports.size(), 1u);
  EXPECT_EQ(cb.reports[0], "3->2/T1 2->3/T2");
}

TEST_F(LockOrder, OneUnwindPerAcquisitionAndNoneForKnownEdges) {
  Thread t1(d, cb, 1), t2(d, cb, 2);
  t1.take({A, B, C, D});  // D gets three new edges with one stack
  EXPECT_EQ(cb.unwinds, 3);  // B, C, D: one each
  EXPECT_EQ(d.numEdges(), 6u);
  t2.take({A, B, C, D});  // the same edges, made again by another thread: no new stack
  EXPECT_EQ(cb.unwinds, 3);
  EXPECT_TRUE(cb.reports.empty());
}

} // namespace
