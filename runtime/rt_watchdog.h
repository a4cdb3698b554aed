//===- rt_watchdog.h - the watchdog thread and the waits it watches -------===//
//
// A runtime-owned thread (rt_reporter.h), started at the first wait, that looks every
// watchdog_interval_ms at the waits the hooks publish in ThreadState (MarkWaiting, and the
// object-wait and join hooks of rt_runtime.h): timing findings (rt_waits.h) and deadlocks
// (rt_deadlock.h).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_WATCHDOG_H
#define PARCHECK_RT_WATCHDOG_H

#include "rt_threads.h"

namespace parcheck {

void StartWatchdog();  // once; only if deadlock or starvation detection is on
// Publishes a new wait for the watchdog: the details first, then what is waited for (a lock,
// or a thread being joined), which is what the watchdog looks at.
void MarkWaiting(ThreadState *ts, LockRec *l, uint32_t joinTid, bool read, uintptr_t pc,
                 bool timed);
void WatchdogResetInChild();
// RuntimeThreadsLeave (rt_reporter.h): the watchdog wakes and exits.
void WatchdogLeave();

} // namespace parcheck
#endif
