//===- TUPool.h - extracting translation units in parallel ------*- C++ -*-===//
//
// Each compile job is parsed by its own ClangTool on a thread pool. One TU that
// fails never sinks the others: its errors come back in its JobResult.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_TUPOOL_H
#define PARCHECK_DRIVER_TUPOOL_H

#include "driver/CompileDB.h"
#include "facts/Facts.h"

#include <string>
#include <vector>

namespace parcheck {

struct JobResult {
  TUFacts Facts;
  bool Ok = false;
  std::vector<std::string> Errors;
};

/// Extracts the facts of one TU.
JobResult runJob(const CompileJob &J);

/// Runs every job on Jobs threads (0: all cores); results are in job order.
/// With ShowProgress a progress line is kept on stderr, written under a lock.
std::vector<JobResult> runPool(const std::vector<CompileJob> &Work, unsigned Jobs,
                               bool ShowProgress);

} // namespace parcheck

#endif
