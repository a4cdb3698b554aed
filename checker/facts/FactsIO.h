//===- FactsIO.h - facts to and from JSON -----------------------*- C++ -*-===//
#ifndef PARCHECK_FACTSIO_H
#define PARCHECK_FACTSIO_H

#include "facts/Facts.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace parcheck {

/// Serialises facts as compact JSON. Deterministic: same facts, same bytes.
std::string factsToJSON(const TUFacts &F);
/// The same text, streamed to OS (a TU's facts may be a hundred megabytes).
void writeFactsJSON(const TUFacts &F, llvm::raw_ostream &OS);
/// TUFacts::LockEffects' form, alone (a key for the facts cache).
std::string lockEffectsToJSON(const std::vector<LockEffectFact> &V);
/// Prefix and S as one JSON string, the bytes llvm::json prints for it
/// (invalid UTF-8 repaired as it does; Prefix: ASCII with nothing to escape),
/// without its byte-at-a-time escaping of strings that need none.
void writeJSONString(llvm::raw_ostream &OS, llvm::StringRef S, llvm::StringRef Prefix = "");
/// Parses what factsToJSON wrote; an error names what was malformed.
llvm::Expected<TUFacts> factsFromJSON(llvm::StringRef Text);

} // namespace parcheck

#endif
