//===- rt_report.h - stacks, symbolisation, text/JSON/DOT reports ---------===//
//
// Stacks are captured inside hooks (backtrace, internal memory only) and symbolised when a
// report is printed, outside the runtime's critical sections, by an external symbolizer run in
// a child process whose environment has LD_PRELOAD and PARCHECK_OPTIONS removed. Without a
// symbolizer, frames fall back to dladdr (function+offset, module).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_REPORT_H
#define PARCHECK_RT_REPORT_H

#include "rt_runtime.h"
#include "rt_stats.h"

namespace parcheck {

struct StackRef {
  uintptr_t *pcs = nullptr;
  uint32_t n = 0;
};
StackRef CaptureStack(uintptr_t callerPc);  // frames from callerPc outwards
// The same into out[0..max) (at most stack_depth frames, no allocation); returns the count.
uint32_t CaptureStackInto(uintptr_t callerPc, uintptr_t *out, uint32_t max);
StackRef StackFromPc(uintptr_t pc);
StackRef CopyStack(const StackRef &s);
void ReleaseStack(StackRef &s);

struct CycleEdge {
  uint64_t from, to;
  uint32_t tid;
  LockRec *fromLock, *toLock;
  StackRef heldStack, acqStack;
};
struct CycleReport {
  size_t n;
  CycleEdge *edges;
};
CycleReport *NewCycleReport(size_t n);
void EmitCycleReport(CycleReport *r);  // prints and frees
void FreeCycleReport(CycleReport *r);

struct DeadlockThread {
  uint32_t tid;
  WaitKind wait;  // kLock, kJoin, kCond, kSem or kBarrier
  LockRec *lock;  // kLock: the lock waited for; kCond: the condition's mutex
  uintptr_t waitPc;
  bool read;
  uint32_t holder;  // kLock: a holder of the lock; kJoin: the thread joined; ~0u if unknown
  uintptr_t heldPc;
  uintptr_t obj;  // kCond, kSem, kBarrier: the object waited on
  StackRef stack;  // the wait's stack if captured, else the call site waitPc is shown
};
enum class DeadlockShape { kCycle, kAllBlocked };
// kCycle: `threads` form a wait-for cycle, in order. kAllBlocked: `threads` are every live
// thread, each blocked in a wait only another of them could end.
// Returns true if the watchdog should stop (on_deadlock=hang); may not return (exit/abort).
bool ReportDeadlock(const Vec<DeadlockThread> &threads, DeadlockShape shape);
// The runtime's own fatal-signal handler (handle_signals).
bool IsRuntimeSignalHandler(uintptr_t handler);
void ReportWait(WaitVerdict v, uint32_t tid, LockRec *l, uintptr_t waitPc, bool writer,
                uint64_t waitedMs, uint64_t othersAcq, const uint32_t *holders, uint32_t nh);
void ReportUnlockNotHeld(uint32_t tid, LockRec *l, uintptr_t pc, bool forCondWait);
void ReportDoubleLock(uint32_t tid, LockRec *l, uintptr_t pc, uintptr_t heldPc);

struct LockStatRow {
  LockRec *lock;
  LockKind kind;
  uint64_t acq, contended, tryFail;
  LockStats *stats;
};

// Provided by rt_runtime.cpp for the reporters.
LockRec *LockById(uint64_t id);
LockRec *LockByIdUnlocked(uint64_t id);
uintptr_t LockAddr(LockRec *l);
uintptr_t LockFirstPc(LockRec *l);
LockKind LockKindOf(LockRec *l);
void CollectLockStats(Vec<LockStatRow> *rows);
void FlushAllAcquisitionCounts();
// The last look at lock waits still going on (a thread that never gets its lock): reports each
// one whose figures by now make it starvation, a long hold or a long wait, unless it was
// reported already. Once per process (again in a forked child); not from a signal handler.
void ReportWaitsInProgress();
uint64_t NumThreadsSeen();
uint64_t NumLocksSeen();
uint64_t NumEdges();
uint64_t NumDuplicateCycles();  // cycles not reported: the same stacks as a reported one
void ForEachGraphEdge(void (*f)(void *ctx, uint64_t from, uint64_t to, bool inCycle), void *ctx);

void InitReports();
// Writes a runtime note (verbosity lines) where the reports go: stderr or log_path. The log is
// opened by InitReports when verbosity >= 1, so this never opens it from a hook.
void WriteLog(const char *s, size_t n);
// Summary, JSON, DOT (once per process); with mayExit, exits with exitcode if anything was
// reported. inSignal avoids symbolising lock names.
void FinishReports(bool inSignal, bool mayExit);
void ReportLockForFork();
void ReportUnlockForFork();
void ReportResetInChild();

} // namespace parcheck
#endif
