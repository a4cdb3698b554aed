//===- CompileDB.h - reading compile databases defensively ------*- C++ -*-===//
#ifndef PARCHECK_COMPILEDB_H
#define PARCHECK_COMPILEDB_H

#include "facts/Facts.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace parcheck {

/// One translation unit to parse: the full compiler command line.
struct CompileJob {
  std::string File;      ///< Absolute, normalised.
  std::string Directory; ///< Absolute.
  std::vector<std::string> Args; ///< argv, argv[0] the compiler.
  /// Lock effects of functions in other TUs that this one calls, for the
  /// extraction (driver/LockImports.h); part of the facts cache's key.
  std::vector<LockEffectFact> Imports;
};

/// Reads compile_commands.json: "arguments" or "command", "directory"
/// relative to the database's folder, "file" relative to "directory".
/// Entries it cannot use are skipped with a message in Problems; a file that
/// is not a JSON array of objects is an error.
llvm::Expected<std::vector<CompileJob>> loadCompileDB(llvm::StringRef Path,
                                                      std::vector<std::string> &Problems);

/// The nearest compile_commands.json at or above Start (a file or folder).
std::optional<std::string> findCompileDB(llvm::StringRef Start);

/// Makes a command line clang accepts: drops compiler wrappers (ccache,
/// distcc, ...), picks the clang driver for the language, drops flags clang
/// does not know (gcc-only) and language-mismatched -std= flags.
std::vector<std::string> sanitizeCommand(std::vector<std::string> Args, llvm::StringRef File);

bool isSourceFile(llvm::StringRef Path);
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base = "");

} // namespace parcheck

#endif
