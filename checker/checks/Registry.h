//===- Registry.h - running every check -------------------------*- C++ -*-===//
//
// Checks read the whole-program analysis and report Findings through a
// FindingSink; they never format output. The list is checks/Checks.def.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_CHECKS_REGISTRY_H
#define PARCHECK_CHECKS_REGISTRY_H

#include "analysis/Analysis.h"
#include "report/Finding.h"

namespace parcheck {

#define PARCHECK_CHECK(Name) void run##Name(const ProgramAnalysis &A, FindingSink &Sink);
#include "checks/Checks.def"

/// Runs every registered check over one program.
void runChecks(const ProgramAnalysis &A, FindingSink &Sink);

} // namespace parcheck

#endif
