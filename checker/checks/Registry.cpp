//===- Registry.cpp - running every check ---------------------------------===//
#include "checks/Registry.h"

namespace parcheck {

void runChecks(const ProgramAnalysis &A, FindingSink &Sink) {
#define PARCHECK_CHECK(Name) run##Name(A, Sink);
#include "checks/Checks.def"
}

} // namespace parcheck
