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
// The shim's unwinder reads each frame's unwind entry from its object's file where it can
// (rt_fde.cpp): InitUnwindTables notes the objects loaded at start-up (before the first walk);
// the counts are of entries read from files, of look-ups left to another object's mapping,
// and of look-ups in the shim's own tables (always through its mapping).
void InitUnwindTables();
void UnwindTablesResetInChild();
uint64_t UnwindEntriesFromFiles();
uint64_t UnwindEntriesFromMemory();
uint64_t UnwindEntriesOwn();
StackRef CopyStack(const StackRef &s);
void ReleaseStack(StackRef &s);

// The program's entry points (each thread's start routine, ThreadTrampoline; main,
// __libc_start_main's interceptor) are called through CallEntry, whose return address
// (parcheck_entry_return) marks the outer end of the program's own frames. A walk stops at that
// frame and drops it, so libc's start code (start_thread and clone3; __libc_start_call_main,
// __libc_start_main and _start) is neither unwound nor reported: its frames say nothing about
// the program, and reading their unwind entries maps 128 KiB of libc's unwind tables into
// every process (two 64 KiB fault-around windows: the table's search and the entry). A
// thread the runtime did not start (one made before the runtime was initialised, or by a raw
// clone) or a main called by other means unwinds to the end as before. fn is called with a, b and c as its
// first three arguments (extra ones are ignored by a function of fewer), and its result
// register is returned.
extern "C" void *parcheck_call_entry(void *fn, void *a, void *b, void *c);
inline void *CallEntry(void *fn, void *a, void *b, void *c) { return parcheck_call_entry(fn, a, b, c); }
#if defined(__x86_64__)
extern "C" const char parcheck_entry_return[];
inline bool IsEntryReturn(uintptr_t pc) { return pc == uintptr_t(parcheck_entry_return); }
#else
inline bool IsEntryReturn(uintptr_t) { return false; }
#endif

} // namespace parcheck
#endif
