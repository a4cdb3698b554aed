//===- Finding.h - the one finding model ------------------------*- C++ -*-===//
//
// Every check reports Findings; reporters (Report.h) sort and print them. See
// docs/finding-model.md for the JSON form shared with the runtime and the
// ThreadSanitizer import.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FINDING_H
#define PARCHECK_FINDING_H

#include "facts/Facts.h"
#include <string>
#include <vector>

namespace parcheck {

struct FindingLoc {
  SrcLoc Where;
  std::string Role;     ///< "access", "acquire", "held", "thread-start", ...
  std::string Thread;
  std::string Function;
  std::string Note;     ///< Text of the note line ("" for the primary location).
  std::vector<std::string> Stack;
};

struct Finding {
  std::string Kind;              ///< "race", "lock-order", ...
  std::string Severity = "warning";
  std::string Message;           ///< Without the [parcheck-kind] suffix.
  std::vector<FindingLoc> Locations; ///< [0] is where the warning points.
  std::vector<std::string> Locks, Threads;
  std::string Source = "static";
  std::vector<std::string> Identity; ///< Names that identify it (no line numbers).

  std::string check() const { return "parcheck-" + Kind; }
  /// 16 hex digits of FNV-1a-64 over Kind and sorted Identity.
  std::string fingerprint() const;
  bool operator<(const Finding &O) const;
};

/// Receives findings from the checks. Checks never format output.
class FindingSink {
public:
  virtual ~FindingSink() = default;
  virtual void report(Finding F) = 0;
};

} // namespace parcheck

#endif
