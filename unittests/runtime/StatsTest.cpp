//===- StatsTest.cpp - histograms and the wait classifier -----------------===//
#include "rt_stats.h"

#include <gtest/gtest.h>
#include <string.h>
#include <time.h>

using namespace parcheck;

namespace {
// An injectable clock: time moves only when the test says so.
struct FakeClock {
  uint64_t t = 1000;
  uint64_t nowNs() const { return t; }
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

// The scale from counter ticks to nanoseconds, with made-up readings: a 2.5 GHz counter.
TEST(TscScale, ScalesFromTwoReadings) {
  TscScale s = TscScaleBetween(1000, 5000000000, 1000 + 250000000, 5100000000, 50 * kMs);
  ASSERT_NE(s.mult, 0u);
  EXPECT_EQ(s.tsc0, 1000u + 250000000);
  EXPECT_EQ(s.ns0, 5100000000u);
  EXPECT_EQ(s.toNs(s.tsc0), 5100000000u);
  // One second later (2.5e9 ticks), within the 32-bit fraction's rounding.
  uint64_t t = s.toNs(s.tsc0 + 2500000000ULL);
  EXPECT_GE(t, 6100000000u - 1);
  EXPECT_LE(t, 6100000000u);
  // A count read just before the anchor (another CPU's, a little behind) reads the anchor.
  EXPECT_EQ(s.toNs(s.tsc0 - 5), s.ns0);
  // A day later: no overflow in the product.
  uint64_t day = 86400ULL * 1000000000ULL;
  uint64_t d = s.toNs(s.tsc0 + day / 2 * 5) - s.ns0;
  EXPECT_LE(d > day ? d - day : day - d, day / 1000000000);
}

TEST(TscScale, RefusesReadingsThatCannotScale) {
  EXPECT_EQ(TscScaleBetween(1000, 5000000000, 2000, 5000000000 + 10 * kMs, 50 * kMs).mult,
            0u);  // too close together
  EXPECT_EQ(TscScaleBetween(5000, 5000000000, 1000, 5100000000, 50 * kMs).mult, 0u);  // backwards
  EXPECT_EQ(TscScaleBetween(1000, 5100000000, 9000, 5000000000, 50 * kMs).mult, 0u);  // backwards
  // 10 MHz and 100 GHz are not counter rates (a reading went wrong).
  EXPECT_EQ(TscScaleBetween(0, 0, 1000000, 100 * kMs, 50 * kMs).mult, 0u);
  EXPECT_EQ(TscScaleBetween(0, 0, 10000000000ULL, 100 * kMs, 50 * kMs).mult, 0u);
  EXPECT_NE(TscScaleBetween(0, 0, 5000000, 100 * kMs, 50 * kMs).mult, 0u);        // 50 MHz
  EXPECT_NE(TscScaleBetween(0, 0, 2000000000ULL, 100 * kMs, 50 * kMs).mult, 0u);  // 20 GHz
}

// The runtime's clock against CLOCK_MONOTONIC: whichever clock it settles on (the scaled
// counter once calibrated, where the kernel's clocksource is the counter; the vDSO else), an
// interval measured by both agrees to a thousandth (the scale's error is about 10^-5). Each
// end is read between two CLOCK_MONOTONIC reads, retried until they are close, so that a
// preemption between the reads does not count.
static uint64_t Mono() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ULL + uint64_t(ts.tv_nsec);
}
static void ReadBothClocks(uint64_t *mono, uint64_t *now) {
  for (int i = 0; i < 1000; ++i) {
    uint64_t a = Mono();
    *now = NowNs();
    uint64_t b = Mono();
    *mono = a + (b - a) / 2;
    if (b - a < 20000) return;
  }
  FAIL() << "no two CLOCK_MONOTONIC reads within 20 us in 1000 tries";
}

TEST(RuntimeClock, AgreesWithClockMonotonic) {
  InitClock(/*tsc=*/true);
  uint64_t start = Mono();
  // Calibration is due 50 ms after InitClock, at a read: read until it is done (or 10 s).
  while (strcmp(ClockName(), "tsc (calibrating)") == 0 && Mono() - start < 10000 * kMs) NowNs();
  EXPECT_STRNE(ClockName(), "tsc (calibrating)");
  if (strcmp(ClockName(), "tsc") == 0) {
    EXPECT_GT(TscKHz(), 50000u);
    EXPECT_LT(TscKHz(), 20000000u);
  } else {
    EXPECT_EQ(TscKHz(), 0u);
  }
  uint64_t m0, n0, m1, n1;
  ReadBothClocks(&m0, &n0);
  uint64_t until = m0 + 30 * kMs;
  while (Mono() < until) {
  }
  ReadBothClocks(&m1, &n1);
  ASSERT_GT(n1, n0);
  uint64_t dm = m1 - m0, dn = n1 - n0;
  uint64_t err = dm > dn ? dm - dn : dn - dm;
  EXPECT_LE(err, dm / 1000 + 40000) << "CLOCK_MONOTONIC " << dm << " ns, NowNs " << dn << " ns";
}
