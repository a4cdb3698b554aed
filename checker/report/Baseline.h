//===- Baseline.h - choosing which findings count ---------------*- C++ -*-===//
//
// What a CI gate needs on top of the checks: --checks= to pick checks,
// inline '// parcheck-ignore(<check>): <reason>' suppressions, and baselines
// (--write-baseline FILE records today's findings, --baseline FILE then counts
// only new ones). A finding is known to a baseline by its check and its
// fingerprint, which has no line numbers, so baselines survive code motion.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_BASELINE_H
#define PARCHECK_BASELINE_H

#include "report/Finding.h"
#include "llvm/Support/Error.h"

#include <set>
#include <string>
#include <vector>

namespace parcheck {

class SourceLines; // report/Filter.h

/// Every check parcheck's static analysis can report ("parcheck-<kind>").
const std::vector<std::string> &knownChecks();

/// A --checks= value: comma-separated globs over check names, a '-' prefix
/// disables; the last glob that matches a check decides. A check no glob
/// matches is enabled only when the list has no positive glob at all, so
/// "--checks=parcheck-race" runs only the race check and
/// "--checks=-parcheck-lock-leak" runs all but one. The "parcheck-" prefix may
/// be left out ("race", "lock-*").
class CheckFilter {
public:
  /// An error names an unknown check (a name without glob characters that
  /// matches no check) or a malformed glob.
  static llvm::Expected<CheckFilter> parse(const std::string &Spec);
  bool enabled(const std::string &Check) const;

private:
  struct Item {
    std::string Glob;
    bool Positive;
  };
  std::vector<Item> Items;
  bool AnyPositive = false;
};

/// Drops findings with 'parcheck-ignore(<check>)' in a comment on the line of
/// their primary location or on the line before. <check> may be a comma list,
/// a glob, and may leave out "parcheck-". Returns how many were dropped.
size_t applySuppressions(std::vector<Finding> &Fs, SourceLines &Src);

/// The (check, fingerprint) pairs a baseline file holds.
using BaselineSet = std::set<std::pair<std::string, std::string>>;
llvm::Expected<BaselineSet> readBaseline(const std::string &Path);
llvm::Error writeBaseline(const std::string &Path, const std::vector<Finding> &Fs);
/// Drops findings the baseline knows. Returns how many were dropped.
size_t applyBaseline(std::vector<Finding> &Fs, const BaselineSet &B);

} // namespace parcheck

#endif
