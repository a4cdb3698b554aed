//===- rt_stats.cpp -------------------------------------------------------===//
#include "rt_stats.h"
#include "rt_common.h"

#include <elf.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

namespace parcheck {

void Histogram::add(uint64_t ns) {
  b_[bucketOf(ns)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  total_.fetch_add(ns, std::memory_order_relaxed);
  raiseMax(ns);
}

void Histogram::raiseMax(uint64_t ns) {
  uint64_t m = max_.load(std::memory_order_relaxed);
  while (ns > m && !max_.compare_exchange_weak(m, ns, std::memory_order_relaxed)) {
  }
}

namespace {
// The owner's plain read-modify-write of a word only it writes (between moves).
template <typename T, typename U> void Bump(std::atomic<T> &a, U v) {
  a.store(T(a.load(std::memory_order_relaxed) + v), std::memory_order_relaxed);
}
// Takes a word's value and leaves 0: a plain load and store by the owner, an exchange by
// anyone else.
template <typename T> T Take(std::atomic<T> &a, bool owner) {
  if (!owner) return a.exchange(0, std::memory_order_relaxed);
  T v = a.load(std::memory_order_relaxed);
  a.store(0, std::memory_order_relaxed);
  return v;
}
} // namespace

void HistogramBatch::add(uint64_t ns) {
  int i = Histogram::bucketOf(ns);
  Bump(b_[i], 1);
  uint64_t used = used_.load(std::memory_order_relaxed);
  if (!(used >> i & 1)) used_.store(used | uint64_t(1) << i, std::memory_order_relaxed);
  Bump(count_, 1);
  Bump(total_, ns);
  if (ns > max_.load(std::memory_order_relaxed)) max_.store(ns, std::memory_order_relaxed);
}

void HistogramBatch::moveInto(Histogram &h, bool owner) {
  uint64_t used = Take(used_, owner);
  for (; used; used &= used - 1) {
    int i = __builtin_ctzll(used);
    if (uint32_t n = Take(b_[i], owner)) h.b_[i].fetch_add(n, std::memory_order_relaxed);
  }
  if (uint32_t n = Take(count_, owner)) h.count_.fetch_add(n, std::memory_order_relaxed);
  if (uint64_t t = Take(total_, owner)) h.total_.fetch_add(t, std::memory_order_relaxed);
  if (uint64_t m = Take(max_, owner)) h.raiseMax(m);
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
// The vDSO's clock_gettime, which libc's calls (glibc falls back to the system call when the
// vDSO has none, and so does this clock). Called directly so that the shim does not map the
// 64 KiB of libc's text around clock_gettime for it (a program that never reads the clock
// itself does not have them).
using VdsoGettime = int (*)(clockid_t, timespec *);
VdsoGettime g_vdso_gettime;

uint64_t ReadVdso() {
  timespec ts;
  if (VdsoGettime f = g_vdso_gettime) f(CLOCK_MONOTONIC, &ts);
  else clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ULL + uint64_t(ts.tv_nsec);
}

#if defined(__x86_64__)
// The calibration: kTscOff (no counter), kTscAnchored (the first reading taken), kTscBusy (a
// thread is calibrating), then g_tsc_on.
enum : int { kTscOff, kTscAnchored, kTscBusy };
std::atomic<int> g_tsc_state{kTscOff};
uint64_t g_anchor_tsc, g_anchor_ns;

// One reading of both clocks: the vDSO's between two counter reads, the closest of three
// tries (a try that was preempted or interrupted is wide). False if none was narrower than
// 20,000 ticks (8 us at 2.5 GHz), which could spoil the scale by more than 2 * 10^-4.
bool ReadBoth(uint64_t *tsc, uint64_t *ns) {
  uint64_t best = ~0ULL;
  for (int i = 0; i < 3; ++i) {
    uint64_t t1 = __builtin_ia32_rdtsc();
    uint64_t n = ReadVdso();
    uint64_t t2 = __builtin_ia32_rdtsc();
    if (t2 - t1 < best) {
      best = t2 - t1;
      *tsc = t1 + (t2 - t1) / 2;
      *ns = n;
    }
  }
  return best < 20000;
}

// Whether the kernel times CLOCK_MONOTONIC by the counter: then it has found it invariant and
// synchronised between the CPUs, and the vDSO reads it too.
bool KernelClockIsTsc() {
  int fd = RtOpen("/sys/devices/system/clocksource/clocksource0/current_clocksource",
                  O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[16];
  long n = RtRead(fd, buf, sizeof(buf));
  RtClose(fd);
  return n == 4 && memcmp(buf, "tsc\n", 4) == 0;
}

void Calibrate(uint64_t now) {
  if (now - g_anchor_ns < kTscCalibrationNs) return;
  int st = kTscAnchored;
  if (!g_tsc_state.compare_exchange_strong(st, kTscBusy)) return;
  uint64_t tsc, ns;
  TscScale s;
  if (ReadBoth(&tsc, &ns))
    s = TscScaleBetween(g_anchor_tsc, g_anchor_ns, tsc, ns, kTscCalibrationNs);
  if (!s.mult) {  // a wide reading: again at a later read
    g_tsc_state.store(kTscAnchored);
    return;
  }
  clock_detail::g_tsc = s;
  clock_detail::g_tsc_on.store(true, std::memory_order_release);
}
#endif
} // namespace

namespace clock_detail {
std::atomic<bool> g_tsc_on{false};
TscScale g_tsc;

uint64_t VdsoNowNs() {
  uint64_t ns = ReadVdso();
#if defined(__x86_64__)
  if (__builtin_expect(g_tsc_state.load(std::memory_order_relaxed) == kTscAnchored, 0))
    Calibrate(ns);
#endif
  return ns;
}
} // namespace clock_detail

TscScale TscScaleBetween(uint64_t tscA, uint64_t nsA, uint64_t tscB, uint64_t nsB,
                         uint64_t minNs) {
  TscScale s;
  if (nsB <= nsA || nsB - nsA < minNs || tscB <= tscA) return s;
  uint64_t dns = nsB - nsA, dt = tscB - tscA;
  // 50 MHz to 20 GHz: 20 ns to 0.05 ns a tick.
  if (dt / 20 > dns || dns / 20 > dt) return s;
  s.mult = uint64_t(((unsigned __int128)dns << 32) / dt);
  s.tsc0 = tscB;
  s.ns0 = nsB;
  return s;
}

uint64_t TscKHz() {
  if (!clock_detail::g_tsc_on.load(std::memory_order_acquire)) return 0;
  return uint64_t(((unsigned __int128)1000000 << 32) / clock_detail::g_tsc.mult);
}

const char *ClockName() {
  if (clock_detail::g_tsc_on.load(std::memory_order_acquire)) return "tsc";
#if defined(__x86_64__)
  if (g_tsc_state.load(std::memory_order_relaxed) != kTscOff) return "tsc (calibrating)";
#endif
  return "vdso";
}

// The vDSO's base from the auxiliary vector (read from /proc/self/auxv: getauxval would map
// another window of libc), then __vdso_clock_gettime from its dynamic symbol table (DT_HASH
// gives the symbol count; the x86-64 and arm64 vDSOs have one).
static void FindVdso();
void InitClock(bool tsc) {
  FindVdso();
#if defined(__x86_64__)
  if (!tsc || !KernelClockIsTsc()) return;
  // The anchor cannot be taken again later: three rounds of three tries (a preemption or an
  // interrupt in the middle of each of nine tries would leave the vDSO's clock on).
  for (int round = 0; round < 3; ++round)
    if (ReadBoth(&g_anchor_tsc, &g_anchor_ns)) {
      g_tsc_state.store(kTscAnchored, std::memory_order_release);
      return;
    }
#else
  (void)tsc;
#endif
}

static void FindVdso() {
  int fd = RtOpen("/proc/self/auxv", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  uintptr_t base = 0;
  Elf64_auxv_t av[32];
  long n;
  bool done = false;
  while (!done && (n = RtRead(fd, av, sizeof(av))) > 0) {
    for (size_t i = 0; i < size_t(n) / sizeof(av[0]); ++i) {
      if (av[i].a_type == AT_NULL) done = true;
      if (av[i].a_type == AT_SYSINFO_EHDR) base = av[i].a_un.a_val;
    }
  }
  RtClose(fd);
  if (!base) return;
  const Elf64_Ehdr *eh = reinterpret_cast<const Elf64_Ehdr *>(base);
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64) return;
  const Elf64_Phdr *ph = reinterpret_cast<const Elf64_Phdr *>(base + eh->e_phoff);
  uintptr_t load = 0;
  const Elf64_Dyn *dyn = nullptr;
  bool haveLoad = false;
  for (int i = 0; i < eh->e_phnum; ++i) {
    if (ph[i].p_type == PT_LOAD && !haveLoad) {
      load = base + ph[i].p_offset - ph[i].p_vaddr;
      haveLoad = true;
    } else if (ph[i].p_type == PT_DYNAMIC) {
      dyn = reinterpret_cast<const Elf64_Dyn *>(base + ph[i].p_offset);
    }
  }
  if (!haveLoad || !dyn) return;
  const Elf64_Sym *sym = nullptr;
  const char *str = nullptr;
  const Elf32_Word *hash = nullptr;
  for (; dyn->d_tag != DT_NULL; ++dyn) {
    if (dyn->d_tag == DT_SYMTAB) sym = reinterpret_cast<const Elf64_Sym *>(load + dyn->d_un.d_ptr);
    else if (dyn->d_tag == DT_STRTAB) str = reinterpret_cast<const char *>(load + dyn->d_un.d_ptr);
    else if (dyn->d_tag == DT_HASH) hash = reinterpret_cast<const Elf32_Word *>(load + dyn->d_un.d_ptr);
  }
  if (!sym || !str || !hash) return;
  for (Elf32_Word i = 0; i < hash[1]; ++i) {  // hash[1]: nchain, the number of symbols
    if (ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC || sym[i].st_shndx == SHN_UNDEF) continue;
    if (strcmp(str + sym[i].st_name, "__vdso_clock_gettime") == 0) {
      g_vdso_gettime = reinterpret_cast<VdsoGettime>(load + sym[i].st_value);
      return;
    }
  }
}

WaitVerdict ClassifyWait(const WaitSnapshot &w, uint64_t nowNs, const WaitThresholds &t) {
  uint64_t waited = NsBetween(w.startNs, nowNs);
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
  uint64_t waited = NsBetween(w.startNs, nowNs);
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
