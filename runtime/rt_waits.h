//===- rt_waits.h - starvation, long waits, long holds --------------------===//
//
// The timing detector over lock waits (rt_stats.h classifies): decided by the waiting thread
// when its wait ends (EndWait, rt_runtime.h), by the watchdog for waits still going on
// (ReportWaitsOverdue), and once more at the end (ReportWaitsInProgress). Each wait is
// reported at most once.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_WAITS_H
#define PARCHECK_RT_WAITS_H

namespace parcheck {

void InitWaits();  // the thresholds, from the options
void ReportWaitsOverdue();
// The watchdog's look at the lean lock's unmarked calls (lean_look=0; ThreadState::lockCall),
// before ReportWaitsOverdue and the deadlock check (`look`): it notes each call it sees, and
// accounts in the statistics the ones it saw wait and that have ended. The exit summary's
// last look (!look, before it collects the statistics) only accounts.
void NoteLockCalls(bool look);
// The last look at lock waits still going on (a thread that never gets its lock): reports each
// one whose figures by now make it starvation, a long hold or a long wait, unless it was
// reported already. Once per process (again in a forked child); not from a signal handler.
void ReportWaitsInProgress();
void WaitsResetInChild();

} // namespace parcheck
#endif
