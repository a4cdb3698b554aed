//===- rt_stack.h - call stacks captured in hooks --------------------------===//
//
// A stack is an array of return addresses in internal memory (no malloc), captured inside a
// hook with Backtrace() (the unwinder is linked into the shim and first used at start-up,
// InitReports, not in a hook) and symbolised only when a report is printed (rt_symbolize.h).
// Frames of the runtime itself are dropped: a stack starts at the interceptor's caller.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_STACK_H
#define PARCHECK_RT_STACK_H

#include "rt_common.h"

#include <unwind.h>

namespace parcheck {

struct StackRef {
  uintptr_t *pcs = nullptr;
  uint32_t n = 0;
};
StackRef CaptureStack(uintptr_t callerPc);  // frames from callerPc outwards
// The same into out[0..max) (at most stack_depth frames, no allocation); returns the count.
uint32_t CaptureStackInto(uintptr_t callerPc, uintptr_t *out, uint32_t max);
StackRef StackFromPc(uintptr_t pc);
// glibc's backtrace() without libc (rt_stack.cpp): the return addresses from its caller out.
int Backtrace(void **array, int size);

// The unwinder the runtime's stacks come from: the one the runtime is linked with (in the
// shim, a private copy of libgcc's, rt_unwind.cpp), or libgcc_s's once the program registers
// frames with libgcc (JIT code), as before the shim had its own copy. A walk uses one
// unwinder's four functions throughout.
struct Unwinder {
  _Unwind_Reason_Code (*backtrace)(_Unwind_Trace_Fn, void *);
  _Unwind_Ptr (*getIP)(struct _Unwind_Context *);
  _Unwind_Word (*getCFA)(struct _Unwind_Context *);
  _Unwind_Word (*getGR)(struct _Unwind_Context *, int);
};
const Unwinder *CurrentUnwinder();
void UseUnwinder(const Unwinder *u);
StackRef CopyStack(const StackRef &s);
void ReleaseStack(StackRef &s);

} // namespace parcheck
#endif
