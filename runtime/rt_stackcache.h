//===- rt_stackcache.h - acquisition stacks without unwinding the same path again ===//
//
// A lock-order edge keeps the stack of the acquisition that made it. A program that takes a
// fresh lock under a held one in a loop (a million heap objects, each locked under a registry
// lock) makes a new edge at every iteration, always from the same call path, and a DWARF
// unwind (libgcc's _Unwind_Backtrace: an FDE search and a CFA program per frame) cost more
// than everything else the shim does there. CaptureAcquisitionStack gives the same depot id
// as unwinding, and unwinds only when the path may have changed.
//
// How a path is recognised (x86-64). Each thread keeps a small cache of earlier unwinds,
// keyed by the call site (the interceptor's caller pc) and by the address of the return-address
// slot of the capturing function (the stack depth at the capture). An entry records, for each
// frame of that unwind from the capturing function's caller outwards (the runtime's own frames
// included, so the runtime path is checked as well), where the unwinder found the frame's
// return address (its callee's CFA - 8) and the address's value, and, for a frame addressed
// through the frame pointer (rbp == CFA - 16, as the standard prologue leaves it), the saved
// frame pointer at its callee's CFA - 16 and its value. The entry is reused only if every one
// of those words still holds its value, checked from the innermost frame outwards (each word
// read lies in a frame already found unchanged, so no read leaves the live stack). The
// unwinder's result is a function of the call site, the stack pointer, and those words: a
// frame's CFA is its callee's CFA plus a constant (stack-pointer frames) or its frame pointer
// plus 16 (frame-pointer frames, whose saved frame pointer is checked). An unwind that does not
// fit that model (a signal frame, a frame pointer saved elsewhere, a path deeper than an entry
// holds) is never cached: those sites unwind every time. Known limit: a frame whose CFA comes
// from a frame pointer that its callee saved at another offset, while a different value happens
// to sit at CFA - 16 unchanged, is not told apart (stack_cache=0 unwinds every time).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_STACKCACHE_H
#define PARCHECK_RT_STACKCACHE_H

#include <stdint.h>

namespace parcheck {

// The depot id (rt_stackdepot.h) of the stack from callerPc outwards, at most stack_depth
// frames: the stack CaptureStackInto would give.
uint32_t CaptureAcquisitionStack(uintptr_t callerPc);
// At thread exit, by the exiting thread: frees its cache.
void StackCacheThreadExit();
// Unwinds and cache hits so far (all threads), for the tests' verbosity=2 summary.
uint64_t StackCacheHits();
uint64_t StackCacheMisses();
void StackCacheForkLock();  // around fork (rt_init.cpp): the list of the threads' caches
void StackCacheForkUnlock();

} // namespace parcheck
#endif
