//===- rt_stats.h - wait/hold statistics and the wait classifier ----------===//
//
// Pure code: histograms are updated with relaxed atomics by the thread that waited or held;
// readers (the exit summary) tolerate slightly torn totals. The wait classifier decides, from the
// exact figures of one wait (when it began, when it ended -- or now, for a wait still going on --
// and how many times other threads took the lock meanwhile), whether the thread starved, was
// blocked by a long hold, or just waited long. Time is passed in (and Clock can be injected), so
// it is unit-testable.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_STATS_H
#define PARCHECK_RT_STATS_H

#include <atomic>
#include <stdint.h>

namespace parcheck {

// Log2 buckets of nanoseconds: bucket i counts values v with bit width i (0 -> v == 0).
class Histogram {
public:
  static constexpr int kBuckets = 48;
  void add(uint64_t ns);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  uint64_t total() const { return total_.load(std::memory_order_relaxed); }
  uint64_t max() const { return max_.load(std::memory_order_relaxed); }
  // Upper bound of the bucket holding the p-quantile (0 < p <= 1); 0 when empty.
  uint64_t percentile(double p) const;
  uint64_t bucket(int i) const { return b_[i].load(std::memory_order_relaxed); }
  static int bucketOf(uint64_t ns) { return ns == 0 ? 0 : (64 - __builtin_clzll(ns) >= kBuckets ? kBuckets - 1 : 64 - __builtin_clzll(ns)); }
  static uint64_t upperBound(int i) { return i == 0 ? 0 : (i >= 63 ? ~0ULL : (1ULL << i) - 1); }
private:
  friend class HistogramBatch;
  void raiseMax(uint64_t ns);
  std::atomic<uint64_t> b_[kBuckets] = {};
  std::atomic<uint64_t> count_{0}, total_{0}, max_{0};
};

// One thread's additions to one histogram, not yet in it. The thread adds with plain (relaxed
// load and store) writes, and the batch goes into the shared histogram in one go (moveInto),
// once per many additions: threads that add often to one histogram (the waits for a contended
// lock; the holds of a hot lock, with hold times on) then write its lines once per batch. With
// an atomic add at every wait, the histogram's lines moved between the waiting cores as the
// lock's own line did. Zero is empty: the batch needs no initialisation in zeroed memory.
class HistogramBatch {
public:
  void add(uint64_t ns);  // by the owning thread only
  uint32_t count() const { return count_.load(std::memory_order_relaxed); }
  // Adds the batch to h and empties it. By the owning thread (`owner`), or by another while the
  // owner may still add (the exit summary): that one takes each word with an exchange, and an
  // addition made at the same moment may be counted twice or lost, as the batched acquisition
  // counts may then (the summary's totals are allowed to be slightly torn).
  void moveInto(Histogram &h, bool owner);
private:
  std::atomic<uint32_t> b_[Histogram::kBuckets];
  std::atomic<uint64_t> used_;  // bit i: b_[i] may be non-zero
  std::atomic<uint32_t> count_;
  std::atomic<uint64_t> total_, max_;
};

struct LockStats {
  Histogram wait;  // contended acquisitions only
  Histogram hold;  // only when hold times are measured
};

// A scale from time-stamp-counter ticks to nanoseconds: ns = ns0 + (tsc - tsc0) * mult / 2^32.
struct TscScale {
  uint64_t tsc0 = 0, ns0 = 0, mult = 0;  // mult 0: no scale
  uint64_t toNs(uint64_t tsc) const {
    uint64_t d = tsc > tsc0 ? tsc - tsc0 : 0;  // a count read just before the anchor: the anchor
    return ns0 + uint64_t((unsigned __int128)d * mult >> 32);
  }
};
// The scale between two readings of both clocks, a and then b, anchored at b; none (mult 0)
// if b is less than minNs after a, or the counter's rate is not between 50 MHz and 20 GHz.
TscScale TscScaleBetween(uint64_t tscA, uint64_t nsA, uint64_t tscB, uint64_t nsB,
                         uint64_t minNs);

// The runtime's clock: CLOCK_MONOTONIC, in nanoseconds. Read through the vDSO, or, where the
// kernel's clocksource is the time-stamp counter (so the vDSO reads that counter too, x86-64)
// and tsc_clock is on, the counter read directly and scaled by a calibration against the
// vDSO's clock made once the run has lasted kTscCalibrationNs: a read then costs an rdtsc and
// a multiply instead of a call, the vDSO's sequence loop and a division (15 ns against 34 ns
// on the bench's VM). Only contended acquisitions (twice) and hold times read it on a lock's
// path. Durations are what it is used for: the scaled clock drifts from CLOCK_MONOTONIC by
// the calibration's error (about 10^-5 of the time elapsed).
constexpr uint64_t kTscCalibrationNs = 50000000;
void InitClock(bool tsc);  // at start-up: finds the vDSO; anchors the calibration if tsc
const char *ClockName();   // "tsc", "tsc (calibrating)" or "vdso" (the summary, verbosity=2)
uint64_t TscKHz();         // the scaled counter's rate, or 0 before (or without) a scale
namespace clock_detail {
extern std::atomic<bool> g_tsc_on;  // the scale is ready (published once, release)
extern TscScale g_tsc;
uint64_t VdsoNowNs();  // and calibrates once it is due
} // namespace clock_detail
inline uint64_t NowNs() {
#if defined(__x86_64__)
  if (clock_detail::g_tsc_on.load(std::memory_order_acquire))
    return clock_detail::g_tsc.toNs(__builtin_ia32_rdtsc());
#endif
  return clock_detail::VdsoNowNs();
}
// The time from start to end, two NowNs readings; 0 if end is before start (a span that
// straddles the calibration, or two counter reads on CPUs whose counters differ by a few
// ticks: 0, not 2^64 minus a few nanoseconds).
inline uint64_t NsBetween(uint64_t start, uint64_t end) { return end > start ? end - start : 0; }

struct WaitThresholds {
  uint64_t starvationNs = 0;       // 0 disables
  uint64_t starvationMinAcq = 1;   // acquisitions by others needed during the wait
  uint64_t longWaitNs = 0;         // 0 disables
  uint64_t longHoldNs = 0;         // 0 disables
};

// One wait for a lock. Acquisitions are read from a per-lock counter that acquirers bump while
// somebody waits for the lock: acqNow - acqAtStart is exactly how many times other threads
// took the lock during the wait.
struct WaitSnapshot {
  uint64_t startNs;      // when the wait began
  uint64_t acqAtStart;   // the lock's acquisition counter when the wait began
  uint64_t acqNow;       // ... when it ended (or now, for a wait still going on)
  bool sameHolder;       // the lock has been held by one holder since the wait began
};

enum class WaitVerdict { kNone, kStarvation, kLongHold, kLongWait };
// The verdict on a wait that ended at nowNs (or that is still going on at exit, the last look).
// Starvation first (a long wait while others took the lock at least starvationMinAcq times),
// then a long hold (nobody else got the lock), then a long wait.
WaitVerdict ClassifyWait(const WaitSnapshot &w, uint64_t nowNs, const WaitThresholds &t);
// The verdict on a wait still going on at nowNs, or kNone if it is left to the end of the wait.
// Only a verdict the end cannot change is given early: starvation (the wait and the count only
// grow). A long hold can still become starvation, and a long wait can still become starvation,
// so they are given only once the wait has lasted twice the largest enabled threshold: a wait
// that may never end is still reported while it goes on.
WaitVerdict ClassifyWaitInProgress(const WaitSnapshot &w, uint64_t nowNs, const WaitThresholds &t);
const char *VerdictKind(WaitVerdict v);  // finding kind: "starvation", "long-hold", "long-wait"

} // namespace parcheck
#endif
