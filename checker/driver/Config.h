//===- Config.h - .parcheck.yaml --------------------------------*- C++ -*-===//
//
// The config file, clang-tidy's way: the nearest .parcheck.yaml at or above a
// file's folder applies to it (or --config-file to every file). Keys:
//
//   Checks: '-*,parcheck-race'      # globs, as --checks (which is appended)
//   HeaderFilterRegex: 'src/.*'     # as --header-filter (which wins)
//   ExtraArgs: ['-DNDEBUG']         # as --extra-arg (both apply)
//   ExtraArgsBefore: []             # as --extra-arg-before (both apply)
//   Baseline: parcheck-baseline.json  # as --baseline (which wins), relative to the file
//
// An unknown key or a malformed file is an error (exit 2): a typo must not
// silently turn a check off.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_CONFIG_H
#define PARCHECK_DRIVER_CONFIG_H

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parcheck {

struct ParcheckConfig {
  std::string Path; ///< The file it was read from; "" for the defaults.
  std::optional<std::string> Checks, HeaderFilterRegex, Baseline;
  std::optional<std::vector<std::string>> ExtraArgs, ExtraArgsBefore;
};

constexpr const char *ConfigFileName = ".parcheck.yaml";

/// Reads one config file.
llvm::Expected<ParcheckConfig> readConfig(const std::string &Path);
/// Writes C as YAML (--dump-config).
void dumpConfig(llvm::raw_ostream &OS, const ParcheckConfig &C);

/// Finds the config of each folder, reading each file once.
class ConfigFinder {
public:
  /// Fixed: the --config-file, used for every folder ("" to walk up).
  explicit ConfigFinder(std::string Fixed) : Fixed(std::move(Fixed)) {}
  /// The config for files in Dir (an absolute folder): the nearest
  /// .parcheck.yaml at or above it, or the defaults.
  llvm::Expected<const ParcheckConfig *> forDir(const std::string &Dir);
  /// forDir of the file's folder.
  llvm::Expected<const ParcheckConfig *> forFile(const std::string &File);

private:
  std::string Fixed;
  std::map<std::string, const ParcheckConfig *> ByDir;
  std::map<std::string, std::unique_ptr<ParcheckConfig>> ByPath;
  ParcheckConfig Defaults;
  llvm::Expected<const ParcheckConfig *> load(const std::string &Path);
};

} // namespace parcheck

#endif
