//===- FactsCache.h - per-TU facts cached by content ------------*- C++ -*-===//
//
// A re-run parses only the TUs whose inputs changed. The design is ccache's
// "direct mode":
//
//   key      = hash(parcheck's own binary, the TU's directory, command and
//              file name, the main file's content)
//   entry    = <dir>/<key[0:2]>/<key>.json: every file the parse read (the
//              headers) with its content hash, and the TU's facts.
//
// A lookup recomputes the key, reads the entry and re-hashes each recorded
// header: all equal is a hit (the facts are used as they are), anything else
// a miss (the TU is parsed and the entry replaced). Hashes are of contents,
// never of times, so a touched but unchanged file still hits, and an edit
// that keeps the size and time still misses.
//
// Safe under concurrent runs and killed runs: an entry is written to a
// unique temporary file and renamed into place, so a reader sees a whole old
// entry or a whole new one, never a part. An entry that does not parse (a
// disk fault, a foreign file) is a miss and is overwritten.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_FACTSCACHE_H
#define PARCHECK_DRIVER_FACTSCACHE_H

#include "driver/CompileDB.h"
#include "facts/Facts.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace parcheck {

class FactsCache {
public:
  /// A cache in Dir (created on first store). Tool identifies the parcheck
  /// build (see toolIdentity()).
  FactsCache(std::string Dir, std::string Tool);

  /// The facts of J when nothing it read has changed since they were stored.
  std::optional<TUFacts> lookup(const CompileJob &J);
  /// Stores J's facts with the files its parse read (the main file included
  /// or not: it is part of the key). A failure to write is not an error: the
  /// next run parses the TU again.
  void store(const CompileJob &J, const TUFacts &Facts, const std::vector<std::string> &Deps);

  /// The key of J when its entry is there and valid (every recorded file
  /// unchanged), without reading the facts; counts neither a hit nor a miss.
  std::optional<std::string> validKey(const CompileJob &J);
  /// One key for a run of Jobs (RunCache.h) when every job has a valid entry.
  std::optional<std::string> runKey(const std::vector<CompileJob> &Jobs);

  unsigned hits() const { return Hits; }
  unsigned misses() const { return Misses; }
  const std::string &dir() const { return Dir; }

private:
  std::optional<std::string> keyOf(const CompileJob &J);
  std::string entryPath(const std::string &Key) const;
  /// The valid entry of J: its key and the facts text (after the header line).
  struct ValidEntry {
    std::string Key;
    std::unique_ptr<llvm::MemoryBuffer> Buf;
    llvm::StringRef Facts;
  };
  std::optional<ValidEntry> validEntry(const CompileJob &J);
  /// The content hash of a file, each file hashed once per FactsCache: one
  /// run reads a header that 500 TUs include once, not 500 times. (A run
  /// sees its inputs as they were when it first read them, as a build does.)
  std::optional<std::string> hashDep(const std::string &Path);

  std::string Dir, Tool;
  std::atomic<unsigned> Hits{0}, Misses{0};
  std::mutex HashMu;
  llvm::StringMap<std::optional<std::string>> Hashes; ///< hashDep's, under HashMu.
};

/// What identifies this parcheck build: a hash of its own executable, so a
/// rebuilt extractor never reads facts an older one wrote (the version alone
/// does not change between development builds).
std::string toolIdentity();

} // namespace parcheck

#endif
