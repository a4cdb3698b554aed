//===- rt_stackcache.cpp - acquisition stacks without unwinding the same path again ===//
#include "rt_stackcache.h"
#include "rt_common.h"
#include "rt_flags.h"
#include "rt_stack.h"
#include "rt_stackdepot.h"

#include <unwind.h>

namespace parcheck {

// Misses unwind (microseconds each): one shared counter. Hits are counted in the thread's own
// cache (StackCache::hits), summed over the live caches when asked: a shared counter there
// was a locked add on one line for every first take of a lock by every thread (bench/runtime
// many-locks, four threads taking new locks at once: 1.54x -> 1.41x native CPU without it).
static std::atomic<uint64_t> g_hits{0}, g_misses{0};  // g_hits: of the freed caches
uint64_t StackCacheMisses() { return g_misses.load(std::memory_order_relaxed); }

// One unwind: every frame's pc (the return address into it), CFA and frame pointer, as
// _Unwind_Backtrace reports them, innermost first. Backtrace() stops the same way (a frame
// that does not move on, the walk's limit, CallEntry's frame) and drops a last null pc or
// CallEntry's frame as it does, so the frames from the call site outwards are the ones
// CaptureStackInto returns.
constexpr int kWalkMax = 96;
struct Walk {
  const Unwinder *u;
  uintptr_t ip[kWalkMax], cfa[kWalkMax], bp[kWalkMax];
  int n, max;
};

static _Unwind_Reason_Code WalkFrame(struct _Unwind_Context *ctx, void *arg) {
  Walk *w = static_cast<Walk *>(arg);
  uintptr_t ip = w->u->getIP(ctx), cfa = w->u->getCFA(ctx);
  if (w->n > 0 && ip == w->ip[w->n - 1] && cfa == w->cfa[w->n - 1]) return _URC_END_OF_STACK;
  w->ip[w->n] = ip;
  w->cfa[w->n] = cfa;
  w->bp[w->n] = w->u->getGR(ctx, 6);  // rbp (x86-64 DWARF register 6)
  // CallEntry's frame ends the walk (rt_stack.h): kept here for the checks, not in the stack.
  return ++w->n == w->max || IsEntryReturn(ip) ? _URC_END_OF_STACK : _URC_NO_REASON;
}

#if defined(__x86_64__)
// An entry: the checks (slot address, value) of one unwind, innermost first (rt_stackcache.h).
constexpr int kEntries = 32;  // per thread, direct-mapped
constexpr int kMaxChecks = 60;  // an entry is 984 bytes: 32 fill a 32 KiB block
struct Entry {
  uintptr_t pc, anchor;  // the call site, and the capturing function's return-address slot
  uint32_t id, n;        // depot id; checks (n == 0: empty)
  struct Check { uintptr_t slot, value; } chk[kMaxChecks];
};
struct StackCache {
  Entry e[kEntries];
  std::atomic<uint64_t> hits;  // written by its thread alone (a load and a store)
  StackCache *prev, *next;     // the live caches (under g_caches_mu)
};
static __thread StackCache *t_cache __attribute__((tls_model("initial-exec")));
static SpinLock g_caches_mu;
static StackCache *g_caches;  // under g_caches_mu

static StackCache *NewCache() {
  // Default-initialised: InternalAlloc's memory is zero, and only the entries this thread's
  // call sites use are touched (a value-initialisation would clear all 32 KiB).
  StackCache *c = new (InternalAlloc(sizeof(StackCache))) StackCache;
  SpinGuard g(g_caches_mu);
  c->next = g_caches;
  if (g_caches) g_caches->prev = c;
  g_caches = c;
  return c;
}

void StackCacheThreadExit() {
  if (StackCache *c = t_cache) {
    t_cache = nullptr;
    {
      SpinGuard g(g_caches_mu);
      (c->prev ? c->prev->next : g_caches) = c->next;
      if (c->next) c->next->prev = c->prev;
      g_hits.fetch_add(c->hits.load(std::memory_order_relaxed), std::memory_order_relaxed);
    }
    InternalFree(c, sizeof(StackCache));
  }
}

void StackCacheForkLock() { g_caches_mu.lock(); }
void StackCacheForkUnlock() { g_caches_mu.unlock(); }

uint64_t StackCacheHits() {
  SpinGuard g(g_caches_mu);
  uint64_t n = g_hits.load(std::memory_order_relaxed);
  for (StackCache *c = g_caches; c; c = c->next) n += c->hits.load(std::memory_order_relaxed);
  return n;
}

// The entry of a call site at a stack depth: the low 5 bits of pc + anchor / 16, so that which
// keys share an entry does not depend on where address-space randomisation put things. Those
// bits of a sum come from the same bits of its terms. A pc's low bits stay where they are (a
// module moves by whole pages), and the anchors of one thread's stack all move by one offset,
// which keeps their differences: the same run hits and misses the same way every time. (A
// multiplicative hash of pc ^ anchor made the keys of stack-cache-paths.c share an entry in
// about one run in eight, and its counts change.) An anchor is 8 bytes past a 16-byte
// boundary (the frame address is 16-byte aligned), so anchor / 16 loses nothing.
static inline size_t EntryOf(uintptr_t pc, uintptr_t anchor) {
  return size_t(pc + (anchor >> 4)) & (kEntries - 1);
}

static bool StillValid(const Entry &e) {
  for (uint32_t k = 0; k < e.n; ++k)
    if (*reinterpret_cast<const volatile uintptr_t *>(e.chk[k].slot) != e.chk[k].value)
      return false;
  return true;
}

// The checks that make the walk's frames [first, last] recognisable, or false if the walk does
// not fit the model (rt_stackcache.h). _Unwind_GetCFA of frame i is its stack pointer at the
// call (its callee's CFA): frame i's pc must be at cfa[i] - 8, and a frame-pointer frame's
// rbp (its own CFA, cfa[i + 1], less 16) saved by its callee at cfa[i] - 16.
static bool MakeChecks(const Walk &w, int first, int last, Entry *e) {
  e->n = 0;
  for (int i = first; i <= last; ++i) {
    uintptr_t raSlot = w.cfa[i] - 8;
    if (*reinterpret_cast<const uintptr_t *>(raSlot) != w.ip[i] || e->n == kMaxChecks)
      return false;
    e->chk[e->n++] = {raSlot, w.ip[i]};
    if (i + 1 < w.n && w.bp[i] + 16 == w.cfa[i + 1]) {  // its CFA comes from rbp
      uintptr_t bpSlot = w.cfa[i] - 16;
      if (*reinterpret_cast<const uintptr_t *>(bpSlot) != w.bp[i] || e->n == kMaxChecks)
        return false;
      e->chk[e->n++] = {bpSlot, w.bp[i]};
    }
  }
  return true;
}
#else
void StackCacheThreadExit() {}
void StackCacheForkLock() {}
void StackCacheForkUnlock() {}
uint64_t StackCacheHits() { return 0; }  // no cache: every capture unwinds
#endif

__attribute__((noinline)) uint32_t CaptureAcquisitionStack(uintptr_t callerPc) {
  int depth = g_flags.stack_depth < 64 ? g_flags.stack_depth : 64;
#if defined(__x86_64__)
  // The frame address is where rbp was saved (this function keeps a frame pointer for it): the
  // return address is just above.
  uintptr_t anchor = uintptr_t(__builtin_frame_address(0)) + sizeof(uintptr_t);
  Entry *e = nullptr;
  if (g_flags.stack_cache) {
    StackCache *c = t_cache;
    if (!c) c = t_cache = NewCache();
    e = &c->e[EntryOf(callerPc, anchor)];
    if (e->n && e->pc == callerPc && e->anchor == anchor && StillValid(*e)) {
      c->hits.store(c->hits.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      return e->id;
    }
  }
#endif
  g_misses.fetch_add(1, std::memory_order_relaxed);
  Walk w;
  w.n = 0;
  w.max = depth + 24 < kWalkMax ? depth + 24 : kWalkMax;
  w.u = CurrentUnwinder();
  w.u->backtrace(WalkFrame, &w);
  int n = w.n;
  if (n > 1 && (w.ip[n - 1] == 0 || IsEntryReturn(w.ip[n - 1]))) --n;
  int start = -1;
  for (int i = 0; i < n && start < 0; ++i)
    if (w.ip[i] == callerPc) start = i;
  if (start < 0) return StackDepotPut(&callerPc, 1);  // a tail call: the site alone
  int cnt = n - start < depth ? n - start : depth;
  uint32_t id = StackDepotPut(&w.ip[start], uint32_t(cnt));
#if defined(__x86_64__)
  if (!e) return id;
  // The checks start at this function's caller (the frame whose stack pointer is just above
  // this function's return-address slot) and end at the stack's last frame, or, if the walk
  // ended before the depth at a pc read from the stack, at the frame of that pc. (A null pc
  // with no return address stored is the unwinder's end mark for an outermost frame such as
  // _start, whose CFI says so: the pc alone decides it.)
  int first = -1;
  for (int i = 0; i < start && first < 0; ++i)
    if (w.cfa[i] == anchor + sizeof(uintptr_t)) first = i;
  int last = start + cnt - 1;
  if (cnt < depth && last + 1 < w.n && w.ip[last + 1]) ++last;
  bool ok = first >= 0 && MakeChecks(w, first, last, e);
  if (!ok) {
    e->n = 0;
    return id;
  }
  e->pc = callerPc;
  e->anchor = anchor;
  e->id = id;
#endif
  return id;
}

} // namespace parcheck
