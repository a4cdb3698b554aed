//===- rt_stats.cpp -------------------------------------------------------===//
#include "rt_stats.h"

#include <time.h>

namespace parcheck {

void Histogram::add(uint64_t ns) {
  b_[bucketOf(ns)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  total_.fetch_add(ns, std::memory_order_relaxed);
  uint64_t m = max_.load(std::memory_order_relaxed);
  while (ns > m && !max_.compare_exchange_weak(m, ns, std::memory_order_relaxed)) {
  }
}

uint64_t Histogram::percentile(double p) const {
  uint64_t n = 0;
  for (int i = 0; i < kBuckets; ++i) n += bucket(i);
  if (n == 0) return 0;
  uint64_t want = uint64_t(p * double(n) + 0.999999);
  if (want == 0) want = 1;
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += bucket(i);
    if (seen >= want) {
      uint64_t ub = upperBound(i), mx = max();
      return ub < mx ? ub : mx;
    }
  }
  return max();
}

namespace {
struct MonotonicClock final : Clock {
  uint64_t nowNs() override {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000ULL + uint64_t(ts.tv_nsec);
  }
};
MonotonicClock g_real_clock;
} // namespace

Clock *RealClock() { return &g_real_clock; }

WaitVerdict ClassifyWait(const WaitSnapshot &w, uint64_t nowNs, const WaitThresholds &t) {
  uint64_t waited = nowNs > w.startNs ? nowNs - w.startNs : 0;
  uint64_t others = w.acqNow > w.acqAtStart ? w.acqNow - w.acqAtStart : 0;
  if (t.starvationNs && waited >= t.starvationNs && others >= t.starvationMinAcq &&
      t.starvationMinAcq > 0)
    return WaitVerdict::kStarvation;
  if (t.longHoldNs && waited >= t.longHoldNs && others == 0 && w.sameHolder)
    return WaitVerdict::kLongHold;
  if (t.longWaitNs && waited >= t.longWaitNs) return WaitVerdict::kLongWait;
  return WaitVerdict::kNone;
}

WaitVerdict ClassifyWaitInProgress(const WaitSnapshot &w, uint64_t nowNs,
                                   const WaitThresholds &t) {
  WaitVerdict v = ClassifyWait(w, nowNs, t);
  if (v == WaitVerdict::kNone || v == WaitVerdict::kStarvation) return v;
  uint64_t largest = t.longWaitNs > t.longHoldNs ? t.longWaitNs : t.longHoldNs;
  if (t.starvationNs > largest && t.starvationMinAcq > 0) largest = t.starvationNs;
  uint64_t waited = nowNs > w.startNs ? nowNs - w.startNs : 0;
  return waited / 2 >= largest ? v : WaitVerdict::kNone;
}

const char *VerdictKind(WaitVerdict v) {
  switch (v) {
  case WaitVerdict::kStarvation: return "starvation";
  case WaitVerdict::kLongHold: return "long-hold";
  case WaitVerdict::kLongWait: return "long-wait";
  default: return "none";
  }
}

} // namespace parcheck
