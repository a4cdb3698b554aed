//===- AtomicFile.h - whole files or none -----------------------*- C++ -*-===//
//
// Files that other processes read while we may be killed (facts beside a
// build's objects, cache entries) are written to a temporary name that no
// other writer uses and renamed into place, so a reader sees a whole file or
// none.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_DRIVER_ATOMICFILE_H
#define PARCHECK_DRIVER_ATOMICFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace parcheck {

/// Writes Text to Path through "<Path>.tmp.<pid>.<thread>" renamed into place.
/// On failure nothing is left at either name and Why says what failed.
bool writeFileAtomically(llvm::StringRef Path, llvm::StringRef Text, std::string &Why);
/// The same, with the text streamed by Write into the temporary file: a large
/// text (a TU's facts) is never held whole in memory.
bool writeFileAtomically(llvm::StringRef Path,
                         llvm::function_ref<void(llvm::raw_ostream &)> Write, std::string &Why);

} // namespace parcheck

#endif
