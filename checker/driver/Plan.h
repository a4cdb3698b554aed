//===- Plan.h - from inputs to compile jobs ---------------------*- C++ -*-===//
//
// Which translation units to parse and with which command: files and folders
// given on the command line, expanded; the compile database chosen (-p, found
// by walking up from the first input, or none) or the flags after "--".
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_PLAN_H
#define PARCHECK_DRIVER_PLAN_H

#include "driver/CompileDB.h"
#include "driver/Options.h"
#include "report/Report.h"

#include <optional>
#include <vector>

namespace parcheck {

/// The compile jobs for O, one per file, in path order (so the merge is the
/// same for any -j), commands sanitised for clang. Inputs that cannot be used
/// are added to Errors; nullopt when nothing can be planned at all (the
/// message is already printed).
/// ChosenDB, when given, receives the compile database's path (empty when
/// the jobs come from "--" flags or default flags).
std::optional<std::vector<CompileJob>> planJobs(const Options &O,
                                                std::vector<ToolError> &Errors,
                                                std::string *ChosenDB = nullptr);

} // namespace parcheck

#endif
