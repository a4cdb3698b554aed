//===- Ids.h - lock and location ids ----------------------------*- C++ -*-===//
//
// Facts name locks and memory locations by id strings, and the facts JSON
// keeps that form (docs/finding-model.md's fingerprints and --facts-dir files
// depend on it). This file is the one place that knows their syntax; code
// asks for a kind and a key instead of searching the string:
//
//   <usr>                           Usr      a global, static member or function static
//   local:<owner usr>|<var usr>     Local    a local that escapes its function
//   path:<var usr>.f.g              Path     a member reached from a global
//   field:Class::f                  Field    a member through this/a pointer (a lock class)
//   array:<id>                      Array    every element of an array of locks
//   param:<fn usr>#<i>              Param    what the i-th parameter points to
//   pointee:<id>                    Pointee  what a global pointer points to
//   heap:<var usr>                  Heap     a fresh allocation held by a local
//   expr:<text>                     Expr     a lock expression with no better name
//   static-init:<file>              StaticInit  a TU's static initialisers (a function)
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_IDS_H
#define PARCHECK_FACTS_IDS_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace parcheck {

enum class IdKind { Usr, Local, Path, Field, Array, Param, Pointee, Heap, Expr, StaticInit };

/// An id as a kind and the key after its prefix ("field:A::mu" is Field, "A::mu").
struct ParsedId {
  IdKind Kind = IdKind::Usr;
  llvm::StringRef Key;
};

ParsedId parseId(llvm::StringRef S);
inline IdKind idKind(llvm::StringRef S) { return parseId(S).Kind; }
/// The id of kind K with key Key.
std::string makeId(IdKind K, llvm::StringRef Key);

/// A lock class (a mutex member) or an array of locks: one id, many objects.
inline bool isClassLock(llvm::StringRef S) {
  IdKind K = idKind(S);
  return K == IdKind::Field || K == IdKind::Array;
}

/// "local:<Owner>|<Var>": a local Var of function Owner (USRs).
std::string localId(llvm::StringRef Owner, llvm::StringRef Var);
/// Owner's USR when S is "local:<Owner>|<Var>[.path]", else "".
std::string localOwner(llvm::StringRef S);

/// "param:<Fn>#<I>".
std::string paramId(llvm::StringRef Fn, unsigned I);

/// A parameter's lock or location, or an array through a parameter.
bool isParamLock(llvm::StringRef S);

/// When S is "param:<Fn>#<i>" or "array:param:<Fn>#<i>": i, and whether it is
/// the array form. Fn is known to the caller: C++ USRs contain '#' themselves.
std::optional<unsigned> paramOrArrayIndex(llvm::StringRef S, llvm::StringRef Fn, bool &Array);
/// When S is "param:<Fn>#<i>": i.
inline std::optional<unsigned> paramIndex(llvm::StringRef S, llvm::StringRef Fn) {
  bool Array = false;
  std::optional<unsigned> I = paramOrArrayIndex(S, Fn, Array);
  return Array ? std::nullopt : I;
}
/// S is Fn's parameter, or an array through it.
inline bool isParamOf(llvm::StringRef S, llvm::StringRef Fn) {
  bool Array = false;
  return paramOrArrayIndex(S, Fn, Array).has_value();
}

} // namespace parcheck

#endif
