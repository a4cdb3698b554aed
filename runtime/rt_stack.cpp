//===- rt_stack.cpp - call stacks captured in hooks ------------------------===//
#include "rt_stack.h"
#include "rt_flags.h"

#include <execinfo.h>

namespace parcheck {

StackRef StackFromPc(uintptr_t pc) {
  StackRef s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(sizeof(uintptr_t)));
  s.pcs[0] = pc;
  s.n = 1;
  return s;
}

StackRef CopyStack(const StackRef &o) {
  StackRef s;
  if (!o.n) return s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(o.n * sizeof(uintptr_t)));
  memcpy(s.pcs, o.pcs, o.n * sizeof(uintptr_t));
  s.n = o.n;
  return s;
}

void ReleaseStack(StackRef &s) {
  if (s.pcs) InternalFree(s.pcs, s.n * sizeof(uintptr_t));
  s.pcs = nullptr;
  s.n = 0;
}

StackRef CaptureStack(uintptr_t callerPc) {
  void *buf[80];
  int depth = g_flags.stack_depth;
  int n = backtrace(buf, depth + 8 < 80 ? depth + 8 : 80);
  // Drop the runtime's own frames: everything before the interceptor's caller.
  int start = 0;
  for (int i = 0; i < n; ++i)
    if (uintptr_t(buf[i]) == callerPc) {
      start = i;
      break;
    }
  if (start == 0 && (n == 0 || uintptr_t(buf[0]) != callerPc)) return StackFromPc(callerPc);
  int cnt = n - start;
  if (cnt > depth) cnt = depth;
  StackRef s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(cnt * sizeof(uintptr_t)));
  for (int i = 0; i < cnt; ++i) s.pcs[i] = uintptr_t(buf[start + i]);
  s.n = uint32_t(cnt);
  return s;
}

uint32_t CaptureStackInto(uintptr_t callerPc, uintptr_t *out, uint32_t max) {
  void *buf[80];
  int depth = g_flags.stack_depth < int(max) ? g_flags.stack_depth : int(max);
  int n = backtrace(buf, depth + 8 < 80 ? depth + 8 : 80);
  int start = -1;
  for (int i = 0; i < n && start < 0; ++i)
    if (uintptr_t(buf[i]) == callerPc) start = i;
  if (start < 0) {  // the caller is not on the unwound stack (a tail call): its pc alone
    out[0] = callerPc;
    return 1;
  }
  int cnt = n - start < depth ? n - start : depth;
  for (int i = 0; i < cnt; ++i) out[i] = uintptr_t(buf[start + i]);
  return uint32_t(cnt);
}

} // namespace parcheck
