//===- StatsTest.cpp - histograms and the wait classifier -----------------===//
#include "rt_stats.h"

#include <gtest/gtest.h>

using namespace parcheck;

namespace {
// An injectable clock: time moves only when the test says so.
struct FakeClock final : Clock {
  uint64_t t = 1000;
  uint64_t nowNs() override { return t; }
  void advanceMs(uint64_t ms) { t += ms * 1000000; }
};

constexpr uint64_t kMs = 1000000;
} // namespace

TEST(Histogram, CountsTotalsMaxAndPercentiles) {
  Histogram h;
  EXPECT_EQ(h.percentile(0.5), 0u);
  for (int i = 0; i < 90; ++i) h.add(100);       // bucket of 100: [64, 127]
  for (int i = 0; i < 10; ++i) h.add(1000000);   // 1 ms
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.total(), 90u * 100 + 10u * 1000000);
  EXPECT_EQ(h.max(), 1000000u);
  EXPECT_EQ(h.percentile(0.5), 127u);
  EXPECT_EQ(h.percentile(0.9), 127u);
  EXPECT_EQ(h.percentile(0.99), 1000000u);  // capped by the max
  EXPECT_EQ(h.percentile(1.0), 1000000u);
}

// A batch adds to its histogram only when moved, and then exactly what a direct add of each
// value would have: counts per bucket, count, total and max (a smaller batch max leaves the
// histogram's own); moving an empty batch changes nothing; a moved batch is empty again.
TEST(HistogramBatch, MovesWhatDirectAddsWouldAdd) {
  const uint64_t vals[] = {0, 1, 100, 127, 128, 5000, 1000000, 1000000, ~0ULL / 4};
  Histogram direct, batched;
  HistogramBatch b{};  // value-initialised: zero, as in the runtime's zeroed memory
  for (uint64_t v : vals) {
    direct.add(v);
    b.add(v);
  }
  EXPECT_EQ(b.count(), 9u);
  EXPECT_EQ(batched.count(), 0u);
  b.moveInto(batched, /*owner=*/true);
  EXPECT_EQ(b.count(), 0u);
  for (int i = 0; i < Histogram::kBuckets; ++i) EXPECT_EQ(batched.bucket(i), direct.bucket(i)) << i;
  EXPECT_EQ(batched.count(), direct.count());
  EXPECT_EQ(batched.total(), direct.total());
  EXPECT_EQ(batched.max(), direct.max());

  b.moveInto(batched, true);  // empty: nothing added
  EXPECT_EQ(batched.count(), direct.count());
  EXPECT_EQ(batched.total(), direct.total());

  b.add(7);  // a second batch, moved by another thread's call: adds to the first, max kept
  direct.add(7);
  b.moveInto(batched, /*owner=*/false);
  for (int i = 0; i < Histogram::kBuckets; ++i) EXPECT_EQ(batched.bucket(i), direct.bucket(i)) << i;
  EXPECT_EQ(batched.count(), 10u);
  EXPECT_EQ(batched.total(), direct.total());
  EXPECT_EQ(batched.max(), ~0ULL / 4);
  EXPECT_EQ(batched.percentile(0.5), direct.percentile(0.5));
}

TEST(Histogram, BucketsAreLog2) {
  EXPECT_EQ(Histogram::bucketOf(0), 0);
  EXPECT_EQ(Histogram::bucketOf(1), 1);
  EXPECT_EQ(Histogram::bucketOf(2), 2);
  EXPECT_EQ(Histogram::bucketOf(3), 2);
  EXPECT_EQ(Histogram::bucketOf(~0ULL), Histogram::kBuckets - 1);
  EXPECT_EQ(Histogram::upperBound(2), 3u);
}

TEST(WaitClassifier, StarvationNeedsTimeAndOtherAcquisitions) {
  FakeClock clk;
  WaitThresholds t;
  t.starvationNs = 500 * kMs;
  t.starvationMinAcq = 5;
  WaitSnapshot w{clk.nowNs(), 10, 10, true};
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);
  clk.advanceMs(499);
  w.acqNow = 100;
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);  // not long enough yet
  clk.advanceMs(1);
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kStarvation);
  w.acqNow = 14;  // only 4 acquisitions by others
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);
}

TEST(WaitClassifier, LongHoldWhenNobodyElseGotTheLock) {
  FakeClock clk;
  WaitThresholds t;
  t.starvationNs = 100 * kMs;
  t.longHoldNs = 200 * kMs;
  WaitSnapshot w{clk.nowNs(), 3, 3, true};
  clk.advanceMs(150);
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);
  clk.advanceMs(50);
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kLongHold);
  w.sameHolder = false;
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);
}

TEST(WaitClassifier, LongWaitAndDisabledThresholds) {
  FakeClock clk;
  WaitThresholds t;  // everything off
  WaitSnapshot w{clk.nowNs(), 0, 1000, false};
  clk.advanceMs(100000);
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);
  t.longWaitNs = 1000 * kMs;
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kLongWait);
  t.starvationNs = 1000 * kMs;
  t.starvationMinAcq = 10;
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kStarvation);  // starvation wins
  EXPECT_STREQ(VerdictKind(WaitVerdict::kStarvation), "starvation");
  EXPECT_STREQ(VerdictKind(WaitVerdict::kLongHold), "long-hold");
}

TEST(WaitClassifier, ClockGoingBackwardsIsHarmless) {
  WaitThresholds t;
  t.longWaitNs = 1;
  WaitSnapshot w{5000, 0, 0, true};
  EXPECT_EQ(ClassifyWait(w, 1000, t), WaitVerdict::kNone);
}

// A wait decided when it ends: the figures are exact (start, end, acquisitions by others
// during the wait), so the verdict does not depend on when anybody looked.
TEST(WaitClassifier, DecidedAtTheEndOfTheWait) {
  FakeClock clk;
  WaitThresholds t;
  t.starvationNs = 50 * kMs;
  t.starvationMinAcq = 4;
  t.longHoldNs = 50 * kMs;
  WaitSnapshot w{clk.nowNs(), 7, 7, true};
  clk.advanceMs(500);
  w.acqNow = 7 + 40;  // the holder took it again 40 times while we waited
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kStarvation);
  w.acqNow = 7;       // nobody else got it: the holder kept it
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kLongHold);
  w.acqNow = 7 + 3;   // some, but fewer than starvation_min_acquisitions: neither
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kNone);
  t.longWaitNs = 50 * kMs;
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kLongWait);
}

// While a wait goes on, only a verdict its end cannot change is given at once (starvation);
// a long hold or a long wait could still become starvation, so the watchdog waits until the
// wait has lasted twice the largest enabled threshold (it may never end).
TEST(WaitClassifier, InProgressGivesOnlyFinalVerdictsEarly) {
  FakeClock clk;
  WaitThresholds t;
  t.starvationNs = 100 * kMs;
  t.starvationMinAcq = 10;
  t.longHoldNs = 50 * kMs;
  WaitSnapshot w{clk.nowNs(), 0, 0, true};
  clk.advanceMs(60);
  EXPECT_EQ(ClassifyWait(w, clk.nowNs(), t), WaitVerdict::kLongHold);
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kNone);  // may starve yet
  clk.advanceMs(60);  // 120 ms
  w.acqNow = 10;
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kStarvation);  // final
  w.acqNow = 0;
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kNone);
  clk.advanceMs(79);  // 199 ms: not yet twice the largest threshold (starvation's 100 ms)
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kNone);
  clk.advanceMs(1);   // 200 ms: a wait that may never end is reported while it goes on
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kLongHold);
  // Starvation off: the long hold's own threshold is the largest.
  t.starvationNs = 0;
  WaitSnapshot w2{clk.nowNs(), 0, 0, true};
  clk.advanceMs(99);
  EXPECT_EQ(ClassifyWaitInProgress(w2, clk.nowNs(), t), WaitVerdict::kNone);
  clk.advanceMs(1);
  EXPECT_EQ(ClassifyWaitInProgress(w2, clk.nowNs(), t), WaitVerdict::kLongHold);
}

TEST(WaitClassifier, InProgressNothingWhenNothingIsDue) {
  FakeClock clk;
  WaitThresholds t;  // everything off
  WaitSnapshot w{clk.nowNs(), 0, 1000, false};
  clk.advanceMs(100000);
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kNone);
  t.longWaitNs = 10 * kMs;
  t.starvationNs = 10 * kMs;
  t.starvationMinAcq = 0;  // starvation off: no count is enough
  EXPECT_EQ(ClassifyWaitInProgress(w, clk.nowNs(), t), WaitVerdict::kLongWait);
}
