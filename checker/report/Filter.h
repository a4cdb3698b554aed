//===- Filter.h - which findings are shown ----------------------*- C++ -*-===//
//
// The clang-tidy filters, applied to a finding's primary location
// (Locations[0]), after --checks and before the baseline:
//   NOLINT, NOLINT(<globs>), NOLINTNEXTLINE(<globs>) on the line before,
//   NOLINTBEGIN(<globs>) ... NOLINTEND(<globs>) around it (the END must
//   repeat the BEGIN's list; an unmatched BEGIN suppresses nothing);
//   --header-filter (a finding outside the main files of the analysed TUs is
//   kept only when its path matches), --line-filter (clang-tidy's JSON).
// And the check that parcheck-ignore(...) comments name real checks.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_REPORT_FILTER_H
#define PARCHECK_REPORT_FILTER_H

#include "report/Finding.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace parcheck {

/// Source files' lines, each file read once. Lines have no '\n' (nor '\r').
class SourceLines {
public:
  /// The lines of Path, views into the file's text (kept while this lives);
  /// empty when it cannot be read. No line is copied: a finding in a file of
  /// half a million lines made a string of each of them, several times over.
  const std::vector<llvm::StringRef> &of(const std::string &Path);

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Text;
    std::vector<llvm::StringRef> Lines;
  };
  std::map<std::string, File> Files;
};

/// Is the finding of check Check at line Line suppressed by a NOLINT comment?
bool nolintSuppresses(const std::vector<llvm::StringRef> &Lines, unsigned Line,
                      const std::string &Check);
/// Drops findings a NOLINT comment suppresses. Returns how many were dropped.
size_t applyNolint(std::vector<Finding> &Fs, SourceLines &Src);

/// Drops findings whose primary file is not one of MainFiles and does not
/// match HeaderFilter. Returns how many were dropped.
size_t applyHeaderFilter(std::vector<Finding> &Fs, const std::set<std::string> &MainFiles,
                         const llvm::Regex &HeaderFilter);

/// --line-filter: [{"name": "file.c", "lines": [[1, 3], [5, 5]]}, {"name": "x.h"}].
/// A finding passes when its file ends with some entry's name and (when that
/// entry has "lines") its line is in one of the ranges.
class LineFilter {
public:
  static llvm::Expected<LineFilter> parse(llvm::StringRef Json);
  bool passes(const SrcLoc &L) const;

private:
  struct Entry {
    std::string Name;
    std::vector<std::pair<unsigned, unsigned>> Lines;
  };
  std::vector<Entry> Entries;
};
size_t applyLineFilter(std::vector<Finding> &Fs, const LineFilter &F);

/// Warns (clang-style, on OS) about each check named in a
/// parcheck-ignore(...) comment of Files that is no parcheck check, or a glob
/// that matches none. Returns how many warnings were printed.
unsigned warnUnknownIgnores(const std::set<std::string> &Files, SourceLines &Src,
                            llvm::raw_ostream &OS);

} // namespace parcheck

#endif
