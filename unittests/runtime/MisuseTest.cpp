//===- MisuseTest.cpp - the lock-API misuse detector without threads -------===//
//
// The detector driven by hand, as the hooks drive it (rt_misuse.h): a held-lock stack built
// by the test, the lock's own state played by a fake (which also counts what it was asked,
// so that the tests pin which acquisitions read the lock at all), and the reports recorded.
//===----------------------------------------------------------------------===//
#include "rt_misuse.h"

#include <gtest/gtest.h>

#include <pthread.h>

#include <string>
#include <vector>

using namespace parcheck;

namespace {

LockRec *Rec(uintptr_t n) { return reinterpret_cast<LockRec *>(n << 8); }

struct FakeLock final : MisuseCallbacks {
  int type = PTHREAD_MUTEX_NORMAL;
  bool robustOrPi = false;
  bool ownWord = true;  // the lock's owner word names this thread
  int typeReads = 0, ownerReads = 0;
  int released = 0;
  std::vector<std::string> reports;
  int mutexType() override { ++typeReads; return type; }
  bool ownerChecked() override { return robustOrPi; }
  bool reallyHeldBySelf() override { ++ownerReads; return ownWord; }
  void releasedByOther() override {
    EXPECT_TRUE(reports.empty());  // the release is applied before the report
    ++released;
  }
  void reportDoubleLock(uintptr_t heldPc) override {
    reports.push_back("double-lock held at " + std::to_string(heldPc));
  }
  void reportUnlockNotHeld(bool forCondWait) override {
    reports.push_back(forCondWait ? "cond-wait" : "unlock-not-held");
  }
};

Held Hold(LockRec *l, uintptr_t pc) {
  Held h{};
  h.lock = l;
  h.pc = pc;
  h.count = 1;
  return h;
}

struct MisuseTest : ::testing::Test {
  MisuseDetector d;
  FakeLock lock;
  std::vector<Held> held{Hold(Rec(1), 0x10), Hold(Rec(2), 0x20)};
  void SetUp() override { d.init(MisuseOptions()); }
  Relock relock(LockKind kind, bool read = false, bool timed = false, bool trylock = false) {
    return d.beforeRelock(&lock, held.data(), held.size(), Rec(2), kind, read, timed, trylock);
  }
};

TEST_F(MisuseTest, NormalMutexRelockIsASelfDeadlock) {
  EXPECT_EQ(relock(kMutex), Relock::kSelfDeadlock);
  EXPECT_EQ(lock.reports, std::vector<std::string>{"double-lock held at 32"});
}

TEST_F(MisuseTest, TheLastHoldOfTheLockGivesHeldPc) {
  held.push_back(Hold(Rec(3), 0x30));
  held.push_back(Hold(Rec(2), 0x40));  // a read hold and a write hold, say
  EXPECT_EQ(relock(kMtx), Relock::kSelfDeadlock);
  EXPECT_EQ(lock.reports, std::vector<std::string>{"double-lock held at 64"});
}

TEST_F(MisuseTest, SpinLockRelockIsASelfDeadlockWithoutReadingAType) {
  EXPECT_EQ(relock(kSpin), Relock::kSelfDeadlock);
  EXPECT_EQ(lock.typeReads, 0);
  EXPECT_EQ(lock.reports.size(), 1u);
}

TEST_F(MisuseTest, RecursiveAndErrorCheckingMutexesDecideThemselves) {
  for (int t : {PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_ADAPTIVE_NP}) {
    lock.type = t;
    EXPECT_EQ(relock(kMutex), Relock::kAllowed) << t;
  }
  EXPECT_EQ(lock.ownerReads, 0);
  EXPECT_TRUE(lock.reports.empty());
}

TEST_F(MisuseTest, SharedTryAndTimedAcquisitionsNeverReadTheLock) {
  EXPECT_EQ(relock(kMutex, /*read=*/false, /*timed=*/true), Relock::kAllowed);
  EXPECT_EQ(relock(kMutex, false, false, /*trylock=*/true), Relock::kAllowed);
  EXPECT_EQ(relock(kSpin, false, false, true), Relock::kAllowed);
  EXPECT_EQ(relock(kRwLock, /*read=*/true), Relock::kAllowed);
  EXPECT_EQ(lock.typeReads + lock.ownerReads, 0);
  EXPECT_TRUE(lock.reports.empty());
}

TEST_F(MisuseTest, RwLockRelockForWritingIsLeftToTheLock) {
  // A write relock of an rwlock is EDEADLK in glibc, not a hang: no finding.
  EXPECT_EQ(relock(kRwLock), Relock::kAllowed);
  EXPECT_TRUE(lock.reports.empty());
}

TEST_F(MisuseTest, ALockFreeByItsOwnWordIsAStaleHold) {
  lock.ownWord = false;  // re-initialised by assignment: nobody holds it
  EXPECT_EQ(relock(kMutex), Relock::kStale);
  EXPECT_EQ(relock(kSpin), Relock::kStale);
  EXPECT_TRUE(lock.reports.empty());
}

TEST_F(MisuseTest, DetectionOffKeepsTheVerdictAndReportsNothing) {
  MisuseOptions o;
  o.detect = false;
  d.init(o);
  EXPECT_EQ(relock(kMutex), Relock::kSelfDeadlock);
  d.unlockNotHeld(&lock, kMutex, false);
  EXPECT_EQ(lock.released, 1);  // the lock is released all the same
  EXPECT_TRUE(lock.reports.empty());
}

TEST_F(MisuseTest, ForeignUnlockOfANormalMutexReleasesItAndIsReported) {
  for (int t : {PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ADAPTIVE_NP}) {
    FakeLock l;
    l.type = t;
    d.unlockNotHeld(&l, kMutex, false);
    EXPECT_EQ(l.released, 1) << t;
    EXPECT_EQ(l.reports, std::vector<std::string>{"unlock-not-held"}) << t;
  }
}

TEST_F(MisuseTest, PlainMtxAndSpinLocksAreReleasedToo) {
  d.unlockNotHeld(&lock, kMtx, false);
  FakeLock spin;
  d.unlockNotHeld(&spin, kSpin, false);
  EXPECT_EQ(spin.typeReads, 0);
  EXPECT_EQ(lock.released + spin.released, 2);
  EXPECT_EQ(lock.reports.size() + spin.reports.size(), 2u);
}

TEST_F(MisuseTest, OwnerCheckingMutexesRefuseAForeignUnlockThemselves) {
  lock.type = PTHREAD_MUTEX_ERRORCHECK;
  d.unlockNotHeld(&lock, kMutex, false);
  FakeLock robust;
  robust.robustOrPi = true;  // a robust or priority-inheritance normal mutex: EPERM too
  d.unlockNotHeld(&robust, kMutex, false);
  EXPECT_EQ(lock.released + robust.released, 0);
  EXPECT_TRUE(lock.reports.empty());
  EXPECT_TRUE(robust.reports.empty());
}

TEST_F(MisuseTest, RecursiveMutexAndRwLockUnlocksAreReportedButNotReleased) {
  lock.type = PTHREAD_MUTEX_RECURSIVE;
  d.unlockNotHeld(&lock, kMutex, false);
  FakeLock rw;
  d.unlockNotHeld(&rw, kRwLock, false);  // which reader's hold it ends is unknown
  EXPECT_EQ(lock.released + rw.released, 0);
  EXPECT_EQ(rw.typeReads, 0);
  EXPECT_EQ(lock.reports, std::vector<std::string>{"unlock-not-held"});
  EXPECT_EQ(rw.reports, std::vector<std::string>{"unlock-not-held"});
}

TEST_F(MisuseTest, ConditionWaitWithoutItsMutexIsReportedEvenForAnErrorCheckingMutex) {
  lock.type = PTHREAD_MUTEX_ERRORCHECK;
  d.unlockNotHeld(&lock, kMutex, /*forCondWait=*/true);
  EXPECT_EQ(lock.released, 0);
  EXPECT_EQ(lock.reports, std::vector<std::string>{"cond-wait"});
  FakeLock normal;
  d.unlockNotHeld(&normal, kMutex, true);
  EXPECT_EQ(normal.released, 1);
  EXPECT_EQ(normal.reports, std::vector<std::string>{"cond-wait"});
}

} // namespace
