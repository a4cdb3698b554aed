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
  /// Call chain, outermost first: "caller at file:line:col" (the call site).
  std::vector<std::string> Stack;
  /// The locks the location's thread holds there, as far as the finding is concerned (all
  /// of them at a race's access; the lock held when taking the next at a lock-order
  /// acquisition). Written (JSON "held", the HTML report's sides) only when HeldKnown.
  bool HeldKnown = false;
  std::vector<std::string> Held;
};

struct Finding {
  std::string Kind;              ///< "race", "lock-order", ...
  std::string Severity = "warning";
  std::string Message;           ///< Without the [parcheck-kind] suffix.
  std::vector<FindingLoc> Locations; ///< [0] is where the warning points.
  std::vector<std::string> Locks, Threads;
  std::string Source = "static";
  std::vector<std::string> Identity; ///< Names that identify it (no line numbers).
  /// The programs it was found in, when the tree holds several (one per main);
  /// the same finding in several programs is one report (mergeAcrossPrograms).
  std::vector<std::string> Programs;
  /// "high" | "medium" | "low" (docs/finding-model.md#confidence), and why it
  /// is not high ("" when high).
  std::string Confidence = "high";
  std::string ConfidenceWhy;

  std::string check() const { return "parcheck-" + Kind; }
  /// 16 hex digits of FNV-1a-64 over Kind and sorted Identity.
  std::string fingerprint() const;
  bool operator<(const Finding &O) const;
};

/// Confidence as a rank: high 2, medium 1, low 0; -1 for an unknown name.
int confidenceRank(const std::string &C);

/// One call-chain step, "fn at file:line:col", split (Where invalid when the
/// text has no location).
struct StackFrame {
  std::string Function;
  SrcLoc Where;
};
StackFrame parseFrame(const std::string &S);

/// A call chain capped to at most Limit frames (0: no cap): the outermost
/// Head and the innermost Tail, with Elided frames between them. Every output
/// format caps the same way.
struct CappedStack {
  std::vector<std::string> Head, Tail;
  size_t Elided = 0;
};
CappedStack capStack(const std::vector<std::string> &S, unsigned Limit);
constexpr unsigned DefaultChainLimit = 10;

/// Receives findings from the checks. Checks never format output.
class FindingSink {
public:
  virtual ~FindingSink() = default;
  virtual void report(Finding F) = 0;
};

/// Drops the findings whose primary location (Locations[0]) satisfies
/// Suppressed(finding, location); returns how many. A finding with no valid
/// primary location is kept: nothing in the source can suppress it.
template <typename Pred> size_t eraseByPrimaryLocation(std::vector<Finding> &Fs, Pred Suppressed) {
  size_t Before = Fs.size();
  std::vector<Finding> Kept;
  Kept.reserve(Fs.size());
  for (Finding &F : Fs)
    if (F.Locations.empty() || !F.Locations[0].Where.valid() ||
        !Suppressed(F, F.Locations[0].Where))
      Kept.push_back(std::move(F));
  Fs = std::move(Kept);
  return Before - Fs.size();
}

} // namespace parcheck

#endif
