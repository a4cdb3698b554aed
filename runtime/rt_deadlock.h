//===- rt_deadlock.h - wait-for cycles and stuck processes ----------------===//
//
// The watchdog's deadlock detector: at each look, a snapshot of every live thread's wait
// (rt_threads.h), the decisions of rt_waitfor.h over it (pure, unit-tested), the kernel's
// word on who is really asleep, and a report when the same finding is seen on two looks.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_DEADLOCK_H
#define PARCHECK_RT_DEADLOCK_H

#include <stdint.h>

namespace parcheck {

// What the watchdog keeps between looks: a finding is reported when the same waits are seen
// on two consecutive looks (the confirmation period).
struct DeadlockWatch {
  uint64_t prevCycleKey = 0, prevStuckKey = 0;
};

// One look. Returns true when the watchdog should stop (on_deadlock=hang).
bool CheckDeadlocks(DeadlockWatch *st);

} // namespace parcheck
#endif
