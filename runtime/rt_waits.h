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
// The last look at lock waits still going on (a thread that never gets its lock): reports each
// one whose figures by now make it starvation, a long hold or a long wait, unless it was
// reported already. Once per process (again in a forked child); not from a signal handler.
void ReportWaitsInProgress();
void WaitsResetInChild();

} // namespace parcheck
#endif
