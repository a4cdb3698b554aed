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

struct Clock {
  virtual uint64_t nowNs() = 0;
protected:
  ~Clock() = default;
};
Clock *RealClock();  // CLOCK_MONOTONIC
void InitClock();    // at start-up: the real clock reads the vDSO directly
inline uint64_t NowNs() { return RealClock()->nowNs(); }

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
