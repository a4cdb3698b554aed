//===- RunCache.h - a re-run with nothing changed reuses the analysis -*- C++ -*-===//
//
// The facts cache (FactsCache.h) spares the parse of an unchanged TU, but a
// run would still read every TU's facts and analyse the whole program. The
// findings are a pure function of the facts, and the facts of a run are a
// pure function of its planned jobs' cache keys once each key's entry is
// valid (its recorded headers unchanged): the lock-import rounds
// (LockImports.h) only re-extract from those same inputs. So a run's
// findings, before any filter, are stored under
//
//   run key = hash(the valid cache key of every planned job, in order)
//   entry   = <cache dir>/runs/<key[0:2]>/<key>.findings
//
// and a run whose every job has a valid entry and whose run key has an entry
// reads the findings from it: it neither parses a TU nor reads its facts nor
// analyses. One changed file changes that TU's key, so the run is a miss: the
// changed TU is parsed, the others come from the facts cache, the analysis
// runs and its entry is stored.
//
// What comes after the analysis (the --checks selection, comments, filters,
// the baseline, the format) is applied to the stored findings as to fresh
// ones, so it may differ from run to run. Not used with --facts-dir (its
// files need the facts) nor --from-facts. Entries are written like facts
// entries (AtomicFile.h): concurrent and killed runs leave no partial entry,
// and an entry that does not read back whole is a miss.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_RUNCACHE_H
#define PARCHECK_DRIVER_RUNCACHE_H

#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parcheck {

/// What a run stored: enough to print as the run that made it.
struct RunEntry {
  /// Facts-cache lookups that run made (all hits on a re-run): what
  /// --cache-stats says when the entry is reused.
  unsigned Lookups = 0;
  std::set<std::string> MainFiles; ///< Every TU's main file (header filter, comments).
  std::vector<Finding> Findings;   ///< analysePrograms() as it returned them.
};

/// The run-level state of one parcheck run with a facts cache.
struct RunCacheState {
  std::string Dir;                ///< The facts cache's folder ("" for none).
  std::optional<std::string> Key; ///< Set when every planned job's entry is valid.
  std::optional<RunEntry> Hit;    ///< The stored run, when Key has one.
  unsigned Lookups = 0;           ///< Facts-cache lookups of this run (to store).
};

/// The entry of Key in the cache folder Dir, when there is a whole one.
std::optional<RunEntry> readRunEntry(const std::string &Dir, const std::string &Key);
/// Stores E under Key; a failure to write only makes the next run a miss.
void writeRunEntry(const std::string &Dir, const std::string &Key, const RunEntry &E);

/// The lossless JSON form of findings (every field), and back; nullopt when
/// the text is not whole.
std::string findingsToCacheJSON(const std::vector<Finding> &Fs);
std::optional<std::vector<Finding>> findingsFromCacheJSON(llvm::StringRef Text);

} // namespace parcheck

#endif
