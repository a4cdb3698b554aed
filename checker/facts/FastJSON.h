//===- FastJSON.h - a fast reader for the JSON parcheck writes --*- C++ -*-===//
//
// llvm::json::parse grows its arrays in a std::vector<json::Value>, whose move
// is not noexcept, so every growth deep-copies the elements read so far: on a
// 50,000-function facts file most of the time goes there. This reader builds
// the same json::Value trees with moves only, and can hand over the elements
// of one top-level array one at a time, so a whole file's tree never exists
// at once.
//
// Contract: it accepts a subset of JSON (ASCII strings without \u escapes,
// integers of at most 18 digits, no duplicate keys) and, for every input it
// accepts, returns exactly what llvm::json::parse returns. Anything outside
// the subset, valid JSON or not, is "not accepted": the caller then uses
// llvm::json::parse, which gives the answer and the error messages.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_FASTJSON_H
#define PARCHECK_FACTS_FASTJSON_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <optional>

namespace parcheck {

/// Parses Text when it is in the subset above. When the top-level value is an
/// object whose StreamKey member is an array, each of that array's elements is
/// passed to OnElement in order instead of being kept (the member is left as
/// an empty array). std::nullopt when Text is not accepted; OnElement may have
/// been called by then.
std::optional<llvm::json::Value>
parseFastJSON(llvm::StringRef Text, llvm::StringRef StreamKey = "",
              llvm::function_ref<void(llvm::json::Value &&)> OnElement = nullptr);

} // namespace parcheck

#endif
