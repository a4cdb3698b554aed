//===- WaitForTest.cpp - wait-for cycles and stuck processes --------------===//
//
// Snapshots are written as small tables: one WaitEntry per live thread.
//===----------------------------------------------------------------------===//
#include "rt_waitfor.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

using namespace parcheck;

namespace {

WaitEntry Running(uint32_t tid) {
  WaitEntry w{};
  w.tid = tid;
  w.kind = WaitKind::kNone;
  return w;
}
WaitEntry Waiting(uint32_t tid, WaitKind k, uint64_t seq = 1) {
  WaitEntry w{};
  w.tid = tid;
  w.kind = k;
  w.seq = seq;
  w.asleep = true;
  return w;
}
WaitEntry Lock(uint32_t tid, std::initializer_list<uint32_t> holders, uint64_t seq = 1) {
  WaitEntry w = Waiting(tid, WaitKind::kLock, seq);
  for (uint32_t h : holders) w.holders[w.nHolders++] = h;
  return w;
}
WaitEntry Join(uint32_t tid, uint32_t target, uint64_t seq = 1) {
  WaitEntry w = Waiting(tid, WaitKind::kJoin, seq);
  w.joinTid = target;
  return w;
}
WaitEntry Timed(WaitEntry w) {
  w.timed = true;
  return w;
}

// The cycle as "T<a> T<b> ..." in path order, or "" for none.
std::string Cycle(const std::vector<WaitEntry> &snap) {
  Vec<size_t> c;
  if (!FindWaitCycle(snap.data(), snap.size(), &c)) return "";
  std::string s;
  for (size_t i : c) s += (s.empty() ? "T" : " T") + std::to_string(snap[i].tid);
  return s;
}
bool Stuck(const std::vector<WaitEntry> &snap) { return AllStuck(snap.data(), snap.size()); }

//===-- Cycles (the search the watchdog has always made) ---------------------===//

TEST(WaitForCycle, TwoLocks) {
  EXPECT_EQ(Cycle({Lock(0, {1}), Lock(1, {0})}), "T0 T1");
}

TEST(WaitForCycle, ThreeThreadsWithABystander) {
  // T3 waits for T0 but is not on the cycle; the search starting at T3 reports the cycle
  // it runs into, without T3.
  EXPECT_EQ(Cycle({Lock(3, {0}), Lock(0, {1}), Lock(1, {2}), Lock(2, {0})}), "T0 T1 T2");
}

TEST(WaitForCycle, JoinAndLock) {
  // deadlock-join.c: T0 holds the lock and joins T1; T1 waits for the lock.
  EXPECT_EQ(Cycle({Join(0, 1), Lock(1, {0})}), "T0 T1");
}

TEST(WaitForCycle, FollowsTheFirstHolderThatWaits) {
  // A read lock held by T5 (running) and T1 (waiting for T0's lock).
  EXPECT_EQ(Cycle({Lock(0, {5, 1}), Lock(1, {0}), Running(5)}), "T0 T1");
}

TEST(WaitForCycle, NoneWhenAHolderRuns) {
  EXPECT_EQ(Cycle({Lock(0, {1}), Running(1)}), "");
  EXPECT_EQ(Cycle({Lock(0, {1}), Lock(1, {2}), Running(2)}), "");
}

TEST(WaitForCycle, NoneThroughATimedWait) {
  EXPECT_EQ(Cycle({Lock(0, {1}), Timed(Lock(1, {0}))}), "");
  EXPECT_EQ(Cycle({Timed(Join(0, 1)), Lock(1, {0})}), "");
}

TEST(WaitForCycle, ObjectWaitsHaveNoEdges) {
  // A condition waiter holds nothing it waits for: not a wait-for cycle (it may be stuck).
  EXPECT_EQ(Cycle({Lock(0, {1}), Waiting(1, WaitKind::kCond)}), "");
}

TEST(WaitForCycle, SelfJoinIsACycle) {
  EXPECT_EQ(Cycle({Join(4, 4)}), "T4");
}

//===-- Stuck ------------------------------------------------------------===//

TEST(WaitForStuck, CondWaiterHoldingTheLockTheSignallerNeeds) {
  // T2 took `m` before waiting on the condition (a second mutex: still held); T1, which
  // would signal, waits for `m`; main joins T1.
  EXPECT_TRUE(Stuck({Join(0, 1), Lock(1, {2}), Waiting(2, WaitKind::kCond)}));
}

TEST(WaitForStuck, LostWakeupThenJoin) {
  EXPECT_TRUE(Stuck({Join(0, 1), Waiting(1, WaitKind::kCond)}));
}

TEST(WaitForStuck, TwoSemaphores) {
  EXPECT_TRUE(Stuck({Join(0, 1), Waiting(1, WaitKind::kSem), Waiting(2, WaitKind::kSem)}));
}

TEST(WaitForStuck, BarrierShortOfThreads) {
  EXPECT_TRUE(Stuck({Waiting(0, WaitKind::kBarrier)}));
}

TEST(WaitForStuck, LockHeldByAThreadThatIsGone) {
  // The holder exited with the lock: nobody left can release it.
  EXPECT_TRUE(Stuck({Lock(0, {7})}));
}

TEST(WaitForStuck, NotWhenOneThreadRuns) {
  EXPECT_FALSE(Stuck({Join(0, 1), Waiting(1, WaitKind::kCond), Running(2)}));
  EXPECT_FALSE(Stuck({Running(0)}));
}

TEST(WaitForStuck, NotWhenALockHolderIsNotBlocked) {
  EXPECT_FALSE(Stuck({Lock(0, {1}), Running(1)}));
}

TEST(WaitForStuck, NotWithATimedWait) {
  EXPECT_FALSE(Stuck({Join(0, 1), Timed(Waiting(1, WaitKind::kCond))}));
  EXPECT_FALSE(Stuck({Timed(Waiting(0, WaitKind::kSem))}));
  EXPECT_FALSE(Stuck({Timed(Lock(0, {1})), Waiting(1, WaitKind::kBarrier)}));
}

TEST(WaitForStuck, NotWhenAnotherProcessOrAHandlerMayEndIt) {
  WaitEntry s = Waiting(1, WaitKind::kSem);
  s.external = true;
  EXPECT_FALSE(Stuck({Join(0, 1), s}));
}

TEST(WaitForStuck, NotWhenTheKernelHasAThreadAwake) {
  // Woken by the last thread to run, but not yet scheduled: still marked waiting.
  WaitEntry c = Waiting(1, WaitKind::kCond);
  c.asleep = false;
  EXPECT_FALSE(Stuck({Join(0, 1), c}));
}

TEST(WaitForStuck, NotWhenTheJoinedThreadIsFinishing) {
  // T1 has left the registry but its join has not returned yet.
  EXPECT_FALSE(Stuck({Join(0, 1)}));
}

TEST(WaitForStuck, NoThreads) { EXPECT_FALSE(Stuck({})); }

//===-- Keys -------------------------------------------------------------===//

TEST(WaitForKey, SameWaitsSameKeyInAnyOrder) {
  std::vector<WaitEntry> a = {Join(0, 1, 3), Waiting(1, WaitKind::kCond, 9)};
  std::vector<WaitEntry> b = {Waiting(1, WaitKind::kCond, 9), Join(0, 1, 3)};
  EXPECT_EQ(SnapshotKey(a.data(), a.size()), SnapshotKey(b.data(), b.size()));
  EXPECT_NE(SnapshotKey(a.data(), a.size()), 0u);
}

TEST(WaitForKey, NewWaitNewKey) {
  std::vector<WaitEntry> a = {Join(0, 1, 3), Waiting(1, WaitKind::kCond, 9)};
  std::vector<WaitEntry> b = {Join(0, 1, 3), Waiting(1, WaitKind::kCond, 10)};
  std::vector<WaitEntry> c = {Join(0, 1, 3)};
  EXPECT_NE(SnapshotKey(a.data(), a.size()), SnapshotKey(b.data(), b.size()));
  EXPECT_NE(SnapshotKey(a.data(), a.size()), SnapshotKey(c.data(), c.size()));
  size_t idx[] = {1, 0};
  EXPECT_EQ(WaitSetKey(a.data(), idx, 2), SnapshotKey(a.data(), a.size()));
}

} // namespace
