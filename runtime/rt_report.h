//===- rt_report.h - text/JSON/DOT reports ---------------------------------===//
//
// Reports are built from what a hook captured (pcs, thread ids, lock records), and symbolised
// (rt_symbolize.h) and printed off the program's threads (rt_reporter.h).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_REPORT_H
#define PARCHECK_RT_REPORT_H

#include "rt_runtime.h"
#include "rt_stack.h"
#include "rt_stats.h"

namespace parcheck {

void EmitCycleReport(CycleReport *r);  // prints and frees (a lock-order cycle, rt_lockorder.h)

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
void ReportWait(WaitVerdict v, uint32_t tid, LockRec *l, uintptr_t waitPc, bool writer,
                uint64_t waitedMs, uint64_t othersAcq, const uint32_t *holders, uint32_t nh);
void ReportUnlockNotHeld(uint32_t tid, LockRec *l, uintptr_t pc, bool forCondWait);
void ReportDoubleLock(uint32_t tid, LockRec *l, uintptr_t pc, uintptr_t heldPc);

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
