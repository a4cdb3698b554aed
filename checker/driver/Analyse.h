//===- Analyse.h - the whole-program phase on every core --------*- C++ -*-===//
//
// The facts of every TU are split into programs (facts/Program.h); each
// program is merged and analysed (analysis/Analysis.h), then every check
// (checks/Checks.def) runs over it. Programs are independent of each other,
// and the checks of one program only read its ProgramAnalysis, so both are
// spread over a thread pool: one task per program, and inside it one task per
// check.
//
// Deterministic for any number of threads: each (program, check) pair
// reports into its own list, and the lists are replayed in program order,
// then Checks.def order, into one FindingCollector, exactly the sequence a
// single thread would report; the collector then sorts and merges.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_ANALYSE_H
#define PARCHECK_DRIVER_ANALYSE_H

#include "facts/Facts.h"
#include "report/Finding.h"

#include <vector>

namespace parcheck {

/// Every check over every program of AllFacts, sorted and deduplicated, on
/// Jobs threads (0: every core; 1: the calling thread only). AllFacts is
/// consumed: a TU that belongs to one program only has its functions moved
/// into that program, not copied.
std::vector<Finding> analysePrograms(std::vector<TUFacts> AllFacts, unsigned Jobs);

} // namespace parcheck

#endif
