//===- rt_memory.cpp - forget the locks in freed, unmapped or unloaded memory ===//
//
// Interceptors of free, realloc, reallocarray, munmap and dlclose. A lock is forgotten
// *before* its memory goes back (after, another thread could already have a new lock there).
//
// The index of lock regions has two levels of detail:
//  * coarse: one bit per 32 MiB, for free(): a heap block of glibc's malloc is at most
//    32 MiB (DEFAULT_MMAP_THRESHOLD_MAX; bigger ones are mmapped, and an mmapped chunk's
//    pointer is 16 bytes into a page), so a block that starts in a coarse region whose bit
//    and whose successor's bit are clear, and is not page-aligned (+0 or +16), cannot contain
//    a lock: free() forwards at the cost of two bit tests. Known limit: an allocator that
//    returns heap blocks over 32 MiB at other offsets (mallopt(M_MMAP_THRESHOLD) raised, or
//    another malloc) may free a lock's memory unseen.
//  * fine: one bit per 4 KiB page, in 8 KiB leaves made on demand (each covers 256 MiB),
//    asked for the exact range once the block's size is known (malloc_usable_size).
//  * exact: one bit per 8 bytes (the unit the lock table visits), in 4 MiB leaves per 256 MiB
//    mapped on demand without reserve (only the pages for addresses where locks live are
//    touched: 1/64 of that memory). The lock table visits only the buckets whose bit is set
//    (LockMayStartAt): freeing a block among a million heap locks touches its own lock's
//    record, not the records of other objects that share its buckets.
//
// Bootstrapping: dlsym may itself call free (or realloc) before the real one is known. A free
// during that resolution is dropped (a few bytes leaked once; forwarding it to glibc's
// __libc_free would be wrong under another malloc), a realloc goes to __libc_realloc.
// Inside the runtime, before initialisation, and in threads the runtime is in, everything
// only forwards.
//===----------------------------------------------------------------------===//
#include "rt_memory.h"
#include "rt_runtime.h"

#include <dlfcn.h>
#include <link.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>

using namespace parcheck;

namespace parcheck {

static constexpr int kAddrBits = 47;     // x86-64 user space
static constexpr int kCoarseShift = 25;  // 32 MiB
static constexpr int kPageShift = 12;
static constexpr int kLeafBits = 16;     // pages per leaf: 256 MiB
static std::atomic<uint64_t> *g_coarse;  // 2^22 bits, mmap NORESERVE
static std::atomic<std::atomic<uint64_t> *> *g_leaves;  // 2^19 leaf pointers, mmap NORESERVE
static constexpr int kExactShift = 3;                   // 8 bytes
static constexpr int kExactLeafBits = 28 - kExactShift;  // 256 MiB per leaf
static std::atomic<std::atomic<uint64_t> *> *g_exact;   // 2^19 leaf pointers, mmap NORESERVE

static void *MapNoReserve(size_t n) { return MapSparse(n, "cannot map the lock-region index"); }

void InitLockRegions() {
  g_coarse = static_cast<std::atomic<uint64_t> *>(
      MapNoReserve((size_t(1) << (kAddrBits - kCoarseShift)) / 8));
  g_leaves = static_cast<std::atomic<std::atomic<uint64_t> *> *>(MapNoReserve(
      (size_t(1) << (kAddrBits - kPageShift - kLeafBits)) * sizeof(void *)));
  g_exact = static_cast<std::atomic<std::atomic<uint64_t> *> *>(MapNoReserve(
      (size_t(1) << (kAddrBits - kExactShift - kExactLeafBits)) * sizeof(void *)));
}

static inline bool TestBit(const std::atomic<uint64_t> *bits, uint64_t i) {
  return bits[i >> 6].load(std::memory_order_relaxed) >> (i & 63) & 1;
}
static inline void SetBit(std::atomic<uint64_t> *bits, uint64_t i) {
  if (!TestBit(bits, i)) bits[i >> 6].fetch_or(uint64_t(1) << (i & 63));
}

void NoteLockAddress(uintptr_t a) {
  if (!g_coarse || a >> kAddrBits) return;
  SetBit(g_coarse, a >> kCoarseShift);
  uint64_t page = a >> kPageShift;
  std::atomic<std::atomic<uint64_t> *> &slot = g_leaves[page >> kLeafBits];
  std::atomic<uint64_t> *leaf = slot.load(std::memory_order_acquire);
  if (!leaf) {
    auto *n = static_cast<std::atomic<uint64_t> *>(InternalAlloc((size_t(1) << kLeafBits) / 8));
    if (slot.compare_exchange_strong(leaf, n))
      leaf = n;
    else
      InternalFree(n, (size_t(1) << kLeafBits) / 8);
  }
  SetBit(leaf, page & ((uint64_t(1) << kLeafBits) - 1));
  uint64_t unit = a >> kExactShift;
  std::atomic<std::atomic<uint64_t> *> &eslot = g_exact[unit >> kExactLeafBits];
  std::atomic<uint64_t> *eleaf = eslot.load(std::memory_order_acquire);
  if (!eleaf) {
    size_t bytes = (size_t(1) << kExactLeafBits) / 8;
    auto *n = static_cast<std::atomic<uint64_t> *>(MapNoReserve(bytes));
    if (eslot.compare_exchange_strong(eleaf, n))
      eleaf = n;
    else
      munmap(n, bytes);
  }
  SetBit(eleaf, unit & ((uint64_t(1) << kExactLeafBits) - 1));
}

bool LockMayStartAt(uintptr_t a) {
  if (!g_exact || a >> kAddrBits) return true;
  uint64_t unit = a >> kExactShift;
  std::atomic<uint64_t> *leaf = g_exact[unit >> kExactLeafBits].load(std::memory_order_acquire);
  return leaf && TestBit(leaf, unit & ((uint64_t(1) << kExactLeafBits) - 1));
}

// Could a heap block starting at p contain a lock? (Before its size is known.)
static inline bool BlockMayHoldLocks(uintptr_t p) {
  if (!g_coarse) return false;
  if ((p & 4095) <= 16 || p >> kAddrBits) return true;  // maybe mmapped: any size
  uint64_t c = p >> kCoarseShift;
  return TestBit(g_coarse, c) || TestBit(g_coarse, c + 1);
}

// Does [lo, hi) hold a page where a lock was ever seen?
static bool RangeMayHoldLocks(uintptr_t lo, uintptr_t hi) {
  if (!g_leaves || hi <= lo) return false;
  if ((hi - 1) >> kAddrBits) return true;
  for (uint64_t pg = lo >> kPageShift, last = (hi - 1) >> kPageShift; pg <= last;) {
    std::atomic<uint64_t> *leaf = g_leaves[pg >> kLeafBits].load(std::memory_order_acquire);
    uint64_t leafEnd = ((pg >> kLeafBits) + 1) << kLeafBits;
    if (!leaf) {
      pg = leafEnd;
      continue;
    }
    for (; pg <= last && pg < leafEnd; ++pg) {
      uint64_t i = pg & ((uint64_t(1) << kLeafBits) - 1);
      if ((i & 63) == 0 && pg + 63 <= last && leaf[i >> 6].load(std::memory_order_relaxed) == 0) {
        pg += 63;  // a clear word: 64 pages at once
        continue;
      }
      if (TestBit(leaf, i)) return true;
    }
  }
  return false;
}

// Forgets the locks in [lo, hi) if the index says there may be any. Called inside the
// runtime (t_in_rt set).
static void ForgetRange(uintptr_t lo, uintptr_t hi) {
  if (!RangeMayHoldLocks(lo, hi)) return;
  ErrnoSave es;
  ForgetLocksInRange(lo, hi);
}

} // namespace parcheck

//===-- Real functions ------------------------------------------------------===//

extern "C" void *__libc_realloc(void *, size_t);

namespace {
std::atomic<void (*)(void *)> real_free;
std::atomic<void *(*)(void *, size_t)> real_realloc;
std::atomic<void *(*)(void *, size_t, size_t)> real_reallocarray;
std::atomic<size_t (*)(void *)> real_usable_size;
std::atomic<int (*)(void *, size_t)> real_munmap;
std::atomic<int (*)(void *)> real_dlclose;
__thread bool t_mem_resolving __attribute__((tls_model("initial-exec")));

void ResolveMemoryReals() {
  if (t_mem_resolving) return;
  t_mem_resolving = true;
  real_usable_size.store(reinterpret_cast<size_t (*)(void *)>(dlsym(RTLD_NEXT, "malloc_usable_size")));
  real_realloc.store(reinterpret_cast<void *(*)(void *, size_t)>(dlsym(RTLD_NEXT, "realloc")));
  real_reallocarray.store(
      reinterpret_cast<void *(*)(void *, size_t, size_t)>(dlsym(RTLD_NEXT, "reallocarray")));
  real_munmap.store(reinterpret_cast<int (*)(void *, size_t)>(dlsym(RTLD_NEXT, "munmap")));
  real_dlclose.store(reinterpret_cast<int (*)(void *)>(dlsym(RTLD_NEXT, "dlclose")));
  real_free.store(reinterpret_cast<void (*)(void *)>(dlsym(RTLD_NEXT, "free")));
  t_mem_resolving = false;
}

template <typename F> F Real(std::atomic<F> &slot) {
  F f = slot.load(std::memory_order_relaxed);
  if (!f) {
    ResolveMemoryReals();
    f = slot.load(std::memory_order_relaxed);
  }
  return f;
}

__attribute__((constructor(101))) void ResolveMemoryRealsEarly() { ResolveMemoryReals(); }

// Whether a hook may do work now (not inside the runtime, initialised). The work needs no
// ThreadState: a free in a thread the runtime has not seen (or after its end, in a TLS
// destructor) must not register a thread.
inline bool MayTrack() { return g_inited && !t_in_rt; }
struct InRuntime {
  InRuntime() { t_in_rt++; }
  ~InRuntime() { t_in_rt--; }
};

// The block at p is going away: forget its locks. Returns nothing; p is still allocated.
void ForgetBlock(void *p) {
  auto usable = real_usable_size.load(std::memory_order_relaxed);
  if (!usable) return;
  InRuntime in;
  uintptr_t a = uintptr_t(p);
  ForgetRange(a, a + usable(p));
}
} // namespace

#define INTERCEPTOR extern "C" __attribute__((visibility("default")))

INTERCEPTOR void free(void *p) {
  void (*f)(void *) = real_free.load(std::memory_order_relaxed);
  if (!f) {
    if (t_mem_resolving) return;  // dlsym's own memory while resolving: leaked, see above
    f = Real(real_free);
    if (!f) return;
  }
  if (p && MayTrack() && BlockMayHoldLocks(uintptr_t(p))) ForgetBlock(p);
  f(p);
}

// realloc moves a block (or frees it, for size 0): the locks in the old block are gone. The
// old size is taken before (only when the block may hold locks), the forgetting done after
// the call, when the outcome is known (a race with another thread allocating the old block
// and creating a lock there at once can forget that new lock: it only loses its history).
template <typename F> static void *Realloc(void *p, F call) {
  if (!p || !MayTrack() || !BlockMayHoldLocks(uintptr_t(p))) return call();
  auto usable = real_usable_size.load(std::memory_order_relaxed);
  size_t old = usable ? usable(p) : 0;
  // A null result is a failure (the block stays) only with ENOMEM; otherwise (size 0) the
  // block was freed. errno is cleared to tell, and given back as libc left it.
  int before = errno;
  errno = 0;
  void *r = call();
  int e = errno ? errno : before;
  bool failed = !r && errno == ENOMEM;
  if (r != p && old && !failed) {
    uintptr_t a = uintptr_t(p), ra = uintptr_t(r);
    {
      InRuntime in;
      // A block that moved within itself (mremap) keeps nothing at the old addresses it still
      // covers: only forget what no longer belongs to it.
      size_t nsz = r ? usable(r) : 0;
      if (!r || ra >= a + old || ra + nsz <= a)
        ForgetRange(a, a + old);
      else if (ra > a)
        ForgetRange(a, ra);
    }
  }
  errno = e;
  return r;
}

INTERCEPTOR void *realloc(void *p, size_t n) {
  void *(*f)(void *, size_t) = real_realloc.load(std::memory_order_relaxed);
  if (!f) {
    if (t_mem_resolving) return __libc_realloc(p, n);
    f = Real(real_realloc);
    if (!f) return __libc_realloc(p, n);
  }
  return Realloc(p, [&] { return f(p, n); });
}

INTERCEPTOR void *reallocarray(void *p, size_t nm, size_t sz) {
  auto f = Real(real_reallocarray);
  if (!f) RtFatal("cannot resolve reallocarray");
  return Realloc(p, [&] { return f(p, nm, sz); });
}

INTERCEPTOR int munmap(void *addr, size_t len) {
  auto f = Real(real_munmap);
  if (!f) RtFatal("cannot resolve munmap");
  if (MayTrack() && len) {
    InRuntime in;
    uintptr_t a = uintptr_t(addr);
    ForgetRange(a, a + ((len + 4095) & ~size_t(4095)));
  }
  return f(addr, len);
}

//===-- dlclose ----------------------------------------------------------------===//

namespace {
constexpr int kMaxSegs = 16;
struct ObjectSegs {
  uintptr_t base;
  char name[256];
  int n;
  uintptr_t lo[kMaxSegs], hi[kMaxSegs];
  bool found;
};

int FindObject(struct dl_phdr_info *info, size_t, void *data) {
  ObjectSegs *o = static_cast<ObjectSegs *>(data);
  if (info->dlpi_addr != o->base || strcmp(info->dlpi_name ? info->dlpi_name : "", o->name))
    return 0;
  o->found = true;
  o->n = 0;
  for (int i = 0; i < info->dlpi_phnum && o->n < kMaxSegs; ++i) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    o->lo[o->n] = (info->dlpi_addr + ph.p_vaddr) & ~uintptr_t(4095);
    o->hi[o->n] = (info->dlpi_addr + ph.p_vaddr + ph.p_memsz + 4095) & ~uintptr_t(4095);
    o->n++;
  }
  return 1;
}
} // namespace

// After a dlclose that really unloads the object (the last reference: it is no longer in
// the list of loaded objects), its locks and the symbols cached for its addresses are
// forgotten: another object loaded at the same address is new code with new locks. The
// segments are read before the call; the check runs after it. A lock used by another thread
// in the object's memory while it is being unloaded is a use after unmap in the program.
INTERCEPTOR int dlclose(void *handle) {
  auto f = Real(real_dlclose);
  if (!f) RtFatal("cannot resolve dlclose");
  if (!MayTrack()) return f(handle);
  ObjectSegs segs;
  segs.found = false;
  {
    struct link_map *lm = nullptr;
    InRuntime in;
    ErrnoSave es;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &lm) == 0 && lm) {
      segs.base = lm->l_addr;
      strncpy(segs.name, lm->l_name ? lm->l_name : "", sizeof(segs.name) - 1);
      segs.name[sizeof(segs.name) - 1] = 0;
      dl_iterate_phdr(FindObject, &segs);
    }
  }
  int r = f(handle);
  if (r != 0 || !segs.found) return r;
  InRuntime in;
  ErrnoSave es;
  ObjectSegs still = segs;
  still.found = false;
  dl_iterate_phdr(FindObject, &still);
  if (!still.found) {
    for (int i = 0; i < segs.n; ++i) {
      ForgetRange(segs.lo[i], segs.hi[i]);
      ForgetSymbolsInRange(segs.lo[i], segs.hi[i]);
    }
  }
  return r;
}
