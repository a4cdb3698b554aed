//===- Options.h - the parcheck command line --------------------*- C++ -*-===//
//
// The command line, parsed once into plain data: the rest of the driver never
// reads argv. The syntax is clang-tidy's: long options with one or two dashes,
// "--opt=value" or "--opt value", "-p <dir>", "-j4"/"-j 4"/"--jobs=4", and
// everything after "--" is compiler flags. An option parcheck does not know is
// an error (exit 2), never help.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_OPTIONS_H
#define PARCHECK_DRIVER_OPTIONS_H

#include "report/Report.h"

#include <optional>
#include <string>
#include <vector>

namespace parcheck {

struct Options {
  std::vector<std::string> Inputs; ///< Files and folders, as given.
  bool HaveFlags = false;          ///< "--" was given: Flags compile every input.
  std::vector<std::string> Flags;
  std::string BuildPath;           ///< -p
  unsigned Jobs = 0;               ///< 0: all cores.
  bool Progress = false;
  OutputFormat Format = OutputFormat::Text;
  std::string FactsDir, FromFacts;
  /// The facts cache: CacheDir when given, else a ".parcheck-cache" folder
  /// beside the compile database; none with NoCache or without a database.
  std::string CacheDir;
  bool NoCache = false, CacheStats = false;
  std::optional<bool> Colour;      ///< Unset: colour when stdout is a terminal.
  bool ExitZero = false;
  std::string BaselineFile, WriteBaselineFile;
  /// Set only when given on the command line: the config file's value is used otherwise.
  std::optional<std::string> Checks, HeaderFilter;
  std::string LineFilter;          ///< --line-filter JSON.
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
  std::string ConfigFile;          ///< --config-file: one config for every file.
  std::string SarifRoot;           ///< --sarif-root: %SRCROOT% (default: the cwd).
  bool Quiet = false, ListChecks = false, DumpConfig = false;
  bool Help = false, Version = false;
  bool Caret = true;               ///< Source line and caret under each location.
  unsigned ChainLimit = DefaultChainLimit; ///< Call-chain frames shown (0: all).
  int MinConfidence = 1;           ///< confidenceRank() of --min-confidence.
};

/// Parses argv (everything after "--" is compiler flags). False when the
/// command line is wrong; the message is already printed.
bool parseOptions(int Argc, const char **Argv, Options &O);

/// The --help text.
void printHelp(llvm::raw_ostream &OS);

} // namespace parcheck

#endif
