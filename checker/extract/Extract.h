//===- Extract.h - one translation unit to facts ----------------*- C++ -*-===//
#ifndef PARCHECK_EXTRACT_H
#define PARCHECK_EXTRACT_H

#include "facts/Facts.h"
#include "clang/AST/ASTConsumer.h"
#include <memory>

namespace parcheck {

/// An ASTConsumer that fills Out with the facts of the translation unit it is
/// given. Functions in system headers are not extracted.
/// Imports: lock effects of functions defined in other TUs that this TU calls
/// (driver/LockImports.h); a call to one takes or releases what it does, as a
/// call to a wrapper defined here would.
std::unique_ptr<clang::ASTConsumer>
makeFactsConsumer(TUFacts &Out, const std::vector<LockEffectFact> &Imports = {});

} // namespace parcheck

#endif
