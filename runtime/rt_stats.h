//===- rt_stats.h - wait/hold statistics and the wait classifier ----------===//
//
// Pure code: histograms are updated with relaxed atomics by the thread that waited or held;
// readers (the exit summary) tolerate slightly torn totals. The wait classifier decides, from a
// snapshot of one blocked thread and the current time, whether it is starving, blocked by a
// long hold, or just waiting long; the time source is injected (Clock) so it is unit-testable.
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
  std::atomic<uint64_t> b_[kBuckets] = {};
  std::atomic<uint64_t> count_{0}, total_{0}, max_{0};
};

struct LockStats {
  Histogram wait;  // contended acquisitions only
  Histogram hold;  // only when hold times are measured
};

struct Clock {
  virtual uint64_t nowNs() = 0;
protected:
  ~Clock() = default;
};
Clock *RealClock();  // CLOCK_MONOTONIC

struct WaitThresholds {
  uint64_t starvationNs = 0;       // 0 disables
  uint64_t starvationMinAcq = 1;   // acquisitions by others needed during the wait
  uint64_t longWaitNs = 0;         // 0 disables
  uint64_t longHoldNs = 0;         // 0 disables
};

// One blocked thread, as the watchdog sees it.
struct WaitSnapshot {
  uint64_t startNs;      // when the wait began
  uint64_t acqAtStart;   // the lock's acquisition count when the wait was first seen
  uint64_t acqNow;       // ... and now
  bool sameHolder;       // the lock has been held by one holder since the wait began
};

enum class WaitVerdict { kNone, kStarvation, kLongHold, kLongWait };
WaitVerdict ClassifyWait(const WaitSnapshot &w, uint64_t nowNs, const WaitThresholds &t);
const char *VerdictKind(WaitVerdict v);  // finding kind: "starvation", "long-hold", "long-wait"

} // namespace parcheck
#endif
