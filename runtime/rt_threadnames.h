//===- rt_threadnames.h - who created each thread, and where ---------------===//
//
// Reports say, for every thread they name, how it came to be, as TSan does: "Thread T2
// created by thread T1 at:" with the stack of the pthread_create call, or that it is the main
// thread. The record of a thread outlives it (a report may name a thread that has ended), so it
// is kept per runtime thread id in a table of 8 bytes per thread: the creator's id and the
// creation stack's id in the stack depot (rt_stackdepot.h), where one call site that starts
// 20,000 threads is one stored stack. The stack is captured in pthread_create, never in a lock
// hook.
//
// A record is written by the creating thread before the new thread exists, and by the main
// thread at start-up; reports read it later, lock-free.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_THREADNAMES_H
#define PARCHECK_RT_THREADNAMES_H

#include "rt_common.h"

namespace parcheck {

// In pthread_create, on the creating thread `parent`: the new thread `tid` is created at the
// stack from callerPc (the interceptor's caller) outwards.
void NoteThreadCreated(uint32_t tid, uint32_t parent, uintptr_t callerPc);
// The thread whose kernel tid is the process id (the main thread; in a fork child, the thread
// that forked).
void NoteMainThread(uint32_t tid);

// For each of tids (in order, each once): its creation, as text lines for a report body
//   "  Thread T2 created by thread T1 at:" + the stack, "  Thread T0 is the main thread", or
//   "  Thread T5 was not seen being created (...)"
// appended to text, and as JSON objects (comma-separated, the body of the findings'
// "thread_details" array, docs/runtime.md) appended to json.
void AppendThreadCreations(Str &text, Str &json, const uint32_t *tids, size_t n);

} // namespace parcheck
#endif
