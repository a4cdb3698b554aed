//===- Options.h - the parcheck command line --------------------*- C++ -*-===//
//
// The command line, parsed once into plain data: the rest of the driver never
// reads a cl::opt.
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
  std::string Checks, BaselineFile, WriteBaselineFile;
};

/// Parses argv (everything after "--" is compiler flags). False when the
/// command line is wrong; the message is already printed.
bool parseOptions(int Argc, const char **Argv, Options &O);

} // namespace parcheck

#endif
