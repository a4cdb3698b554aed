//===- rt_stack.h - call stacks captured in hooks --------------------------===//
//
// A stack is an array of return addresses in internal memory (no malloc), captured inside a
// hook with Backtrace() (libgcc_s is linked, so loaded at start-up, not in a hook) and symbolised only
// when a report is printed (rt_symbolize.h). Frames of the runtime itself are dropped: a stack
// starts at the interceptor's caller.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_STACK_H
#define PARCHECK_RT_STACK_H

#include "rt_common.h"

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
StackRef CopyStack(const StackRef &s);
void ReleaseStack(StackRef &s);

} // namespace parcheck
#endif
