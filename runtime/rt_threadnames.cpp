//===- rt_threadnames.cpp - who created each thread, and where -------------===//
#include "rt_threadnames.h"
#include "rt_flags.h"
#include "rt_stack.h"
#include "rt_stackdepot.h"
#include "rt_symbolize.h"

#include <stdio.h>

namespace parcheck {

namespace {
// tid -> (creation stack id << 32) | (creator tid + 1); 0: not seen created. In pages of
// kPageSize records made on first use, so the table costs 8 bytes per thread id in use.
constexpr uint32_t kPageShift = 12, kPageSize = 1 << kPageShift;
constexpr uint32_t kPages = 1 << 16;  // 2^28 thread ids; later ones are not recorded
std::atomic<std::atomic<uint64_t> *> g_pages[kPages];
SpinLock g_pages_mu;  // making a page
std::atomic<uint32_t> g_main_tid{~0u};

std::atomic<uint64_t> *Slot(uint32_t tid, bool make) {
  uint32_t p = tid >> kPageShift;
  if (p >= kPages) return nullptr;
  std::atomic<uint64_t> *page = g_pages[p].load(std::memory_order_acquire);
  if (!page && make) {
    SpinGuard g(g_pages_mu);
    page = g_pages[p].load(std::memory_order_relaxed);
    if (!page) {
      page = static_cast<std::atomic<uint64_t> *>(
          InternalAlloc(kPageSize * sizeof(std::atomic<uint64_t>)));
      g_pages[p].store(page, std::memory_order_release);
    }
  }
  return page ? &page[tid & (kPageSize - 1)] : nullptr;
}

void AppendOne(Str &text, Str &json, uint32_t tid) {
  char tn[16];
  snprintf(tn, sizeof(tn), "T%u", tid);
  json.add("{\"thread\":").addJson(tn);
  if (tid == g_main_tid.load(std::memory_order_acquire)) {
    text.addf("  Thread T%u is the main thread\n", tid);
    json.add(",\"main\":true}");
    return;
  }
  std::atomic<uint64_t> *slot = Slot(tid, false);
  uint64_t v = slot ? slot->load(std::memory_order_acquire) : 0;
  if (!v) {
    text.addf("  Thread T%u was not seen being created (started before parcheck, or not "
              "through pthread_create)\n", tid);
    json.add("}");
    return;
  }
  uint32_t parent = uint32_t(v) - 1, stackId = uint32_t(v >> 32);
  char pn[16];
  snprintf(pn, sizeof(pn), "T%u", parent);
  if (parent == g_main_tid.load(std::memory_order_acquire))
    text.addf("  Thread T%u created by main thread at:\n", tid);
  else
    text.addf("  Thread T%u created by thread T%u at:\n", tid, parent);
  json.add(",\"created_by\":").addJson(pn).add(",\"created_at\":[");
  uint32_t n = 0;
  const uintptr_t *pcs = StackDepotGet(stackId, &n);
  StackRef st;
  st.pcs = const_cast<uintptr_t *>(pcs);
  st.n = n;
  AppendStackText(text, st);
  AppendJsonStack(json, st);
  json.add("]}");
}
} // namespace

void NoteThreadCreated(uint32_t tid, uint32_t parent, uintptr_t callerPc) {
  std::atomic<uint64_t> *slot = Slot(tid, true);
  if (!slot) return;
  uintptr_t pcs[kStackDepotMaxFrames];
  uint32_t n = CaptureStackInto(callerPc, pcs, kStackDepotMaxFrames);
  uint64_t stackId = StackDepotPut(pcs, n);
  slot->store((stackId << 32) | (uint64_t(parent) + 1), std::memory_order_release);
}

void NoteMainThread(uint32_t tid) { g_main_tid.store(tid, std::memory_order_release); }

void AppendThreadCreations(Str &text, Str &json, const uint32_t *tids, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    bool dup = false;
    for (size_t k = 0; k < i && !dup; ++k) dup = tids[k] == tids[i];
    if (dup) continue;
    if (json.size()) json.add(",");
    AppendOne(text, json, tids[i]);
    text.add("\n");
  }
}

} // namespace parcheck
