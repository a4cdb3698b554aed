//===- rt_unwind.cpp - the shim's own unwinder, and frames registered with libgcc --------===//
//
// The shim links a private copy of libgcc's unwinder (libgcc_eh.a, its symbols hidden; built
// only when the toolchain has it, runtime/CMakeLists.txt) instead of depending on libgcc_s: a
// C program then no longer maps libgcc_s (about 128 KiB of peak RSS, all of its text through
// fault-around; issue 13). The copy is the same code as libgcc_s's and finds each frame's
// unwind entry the same way (_dl_find_object), so the stacks are the same, with one exception
// it must not make: frames registered at run time with __register_frame and its kin (JIT code;
// binaries without .eh_frame_hdr, through crtbegin) go into libgcc_s's list, which the private
// copy does not see. So the shim defines those functions: each forwards the call to the
// definition the program would have reached without the shim (the next one, or libgcc_s's,
// loaded if it is not, as the shim's dependency on it used to ensure), and from the first
// registration on, the runtime's stacks come from libgcc_s's unwinder, as they always did
// before. The deregistrations forward too, so that a pair always reaches the same list.
//===----------------------------------------------------------------------===//
#include "rt_stack.h"

#include <dlfcn.h>

namespace parcheck {
namespace {

void *LibgccS() {
  void *h = dlopen("libgcc_s.so.1", RTLD_LAZY | RTLD_NOLOAD);
  return h ? h : dlopen("libgcc_s.so.1", RTLD_LAZY);
}

Unwinder g_shared;
std::atomic<bool> g_switching{false};

// From now on, libgcc_s's unwinder (whose frame list the registration went to).
void UseSharedUnwinder() {
  if (g_switching.exchange(true)) return;
  void *h = LibgccS();
  if (!h) return;
  Unwinder u;
  u.backtrace = reinterpret_cast<decltype(u.backtrace)>(dlsym(h, "_Unwind_Backtrace"));
  u.getIP = reinterpret_cast<decltype(u.getIP)>(dlsym(h, "_Unwind_GetIP"));
  u.getCFA = reinterpret_cast<decltype(u.getCFA)>(dlsym(h, "_Unwind_GetCFA"));
  u.getGR = reinterpret_cast<decltype(u.getGR)>(dlsym(h, "_Unwind_GetGR"));
  if (!u.backtrace || !u.getIP || !u.getCFA || !u.getGR) return;
  g_shared = u;
  UseUnwinder(&g_shared);
}

// The definition the caller would have bound to without the shim.
template <typename F> F Forward(const char *name) {
  UseSharedUnwinder();
  void *p = dlsym(RTLD_NEXT, name);
  if (!p) {
    if (void *h = LibgccS()) p = dlsym(h, name);
  }
  return reinterpret_cast<F>(p);
}

} // namespace
} // namespace parcheck

using parcheck::Forward;
#define PARCHECK_EXPORT extern "C" __attribute__((visibility("default")))

PARCHECK_EXPORT void __register_frame(void *begin) {
  if (auto f = Forward<void (*)(void *)>("__register_frame")) f(begin);
}
PARCHECK_EXPORT void __register_frame_table(void *begin) {
  if (auto f = Forward<void (*)(void *)>("__register_frame_table")) f(begin);
}
PARCHECK_EXPORT void __register_frame_info(const void *begin, void *ob) {
  if (auto f = Forward<void (*)(const void *, void *)>("__register_frame_info")) f(begin, ob);
}
PARCHECK_EXPORT void __register_frame_info_table(void *begin, void *ob) {
  if (auto f = Forward<void (*)(void *, void *)>("__register_frame_info_table")) f(begin, ob);
}
PARCHECK_EXPORT void __register_frame_info_bases(const void *begin, void *ob, void *tbase,
                                                 void *dbase) {
  if (auto f = Forward<void (*)(const void *, void *, void *, void *)>(
          "__register_frame_info_bases"))
    f(begin, ob, tbase, dbase);
}
PARCHECK_EXPORT void __register_frame_info_table_bases(void *begin, void *ob, void *tbase,
                                                       void *dbase) {
  if (auto f = Forward<void (*)(void *, void *, void *, void *)>(
          "__register_frame_info_table_bases"))
    f(begin, ob, tbase, dbase);
}
PARCHECK_EXPORT void __deregister_frame(void *begin) {
  if (auto f = Forward<void (*)(void *)>("__deregister_frame")) f(begin);
}
PARCHECK_EXPORT void *__deregister_frame_info(const void *begin) {
  auto f = Forward<void *(*)(const void *)>("__deregister_frame_info");
  return f ? f(begin) : nullptr;
}
PARCHECK_EXPORT void *__deregister_frame_info_bases(const void *begin) {
  auto f = Forward<void *(*)(const void *)>("__deregister_frame_info_bases");
  return f ? f(begin) : nullptr;
}
