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
  /// Every file the parse read, absolute (for the facts cache).
  std::vector<std::string> Deps;
  bool FromCache = false;
};

class FactsCache;

/// Extracts the facts of one TU.
JobResult runJob(const CompileJob &J);

/// Runs every job on Jobs threads (0: all cores); results are in job order.
/// Progress on stderr, written under a lock: none, one line per finished TU
/// ("[k/n] file"), or one line redrawn in place (a terminal only).
enum class Progress { None, Lines, Redraw };

/// With a Cache, a TU whose inputs are unchanged is not parsed, and every TU
/// parsed without error is stored.
std::vector<JobResult> runPool(const std::vector<CompileJob> &Work, unsigned Jobs,
                               Progress Show, FactsCache *Cache = nullptr);

} // namespace parcheck

#endif
