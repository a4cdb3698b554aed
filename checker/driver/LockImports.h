//===- LockImports.h - lock wrappers across translation units ---*- C++ -*-===//
//
// A lock()/unlock() wrapper is summarised where it is defined (its effect on
// its caller's locks, TUFacts::LockEffects) and applied at its calls while the
// caller's TU is walked (extract/Walk.cpp, applyEffects). A wrapper defined in
// another TU ('STATS_LOCK()' in thread.c, 'uv_mutex_lock' in thread.c,
// 'possess(bolt)' in yarn.c) is only known after that TU is extracted, so the
// driver extracts in rounds: after each round it hands every TU the effects
// of the functions it calls and does not define (its imports), and extracts
// again the TUs whose imports changed, until none does. A wrapper of a
// wrapper in a third TU settles in a later round; the rounds are capped
// (MaxLockImportRounds), after which the last facts stand.
//
// Known limit: --from-facts analyses facts as written; they carry the imports
// of the run that wrote them.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_LOCKIMPORTS_H
#define PARCHECK_DRIVER_LOCKIMPORTS_H

#include "driver/TUPool.h"

#include <vector>

namespace parcheck {

constexpr unsigned MaxLockImportRounds = 4;

/// Sets each extracted job's Imports from the facts of every job: the lock
/// effects of the functions its TU calls but does not define. Returns the
/// indices of the jobs whose imports changed (to extract again), ascending.
std::vector<size_t> planLockImports(std::vector<CompileJob> &Work,
                                    const std::vector<JobResult> &Results);

} // namespace parcheck

#endif
