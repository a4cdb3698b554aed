//===- Ids.cpp - lock and location ids ------------------------------------===//
#include "facts/Ids.h"

#include "llvm/ADT/Twine.h"

namespace parcheck {
namespace {

struct Prefix {
  IdKind Kind;
  llvm::StringLiteral Text;
};

constexpr Prefix Prefixes[] = {
    {IdKind::Local, "local:"},     {IdKind::Path, "path:"},
    {IdKind::Field, "field:"},     {IdKind::Array, "array:"},
    {IdKind::Param, "param:"},     {IdKind::Pointee, "pointee:"},
    {IdKind::Heap, "heap:"},       {IdKind::Expr, "expr:"},
    {IdKind::StaticInit, "static-init:"},
};

} // namespace

ParsedId parseId(llvm::StringRef S) {
  for (const Prefix &P : Prefixes)
    if (S.starts_with(P.Text))
      return {P.Kind, S.drop_front(P.Text.size())};
  return {IdKind::Usr, S};
}

std::string makeId(IdKind K, llvm::StringRef Key) {
  for (const Prefix &P : Prefixes)
    if (P.Kind == K)
      return (llvm::Twine(P.Text) + Key).str();
  return Key.str();
}

std::string localId(llvm::StringRef Owner, llvm::StringRef Var) {
  return makeId(IdKind::Local, (Owner + "|" + Var).str());
}

std::string localOwner(llvm::StringRef S) {
  ParsedId X = parseId(S);
  if (X.Kind != IdKind::Local)
    return {};
  return X.Key.take_until([](char C) { return C == '|'; }).str();
}

std::string paramId(llvm::StringRef Fn, unsigned I) {
  return makeId(IdKind::Param, Fn.str() + "#" + std::to_string(I));
}

bool isParamLock(llvm::StringRef S) {
  ParsedId X = parseId(S);
  if (X.Kind == IdKind::Array)
    X = parseId(X.Key);
  return X.Kind == IdKind::Param;
}

std::optional<unsigned> paramOrArrayIndex(llvm::StringRef S, llvm::StringRef Fn, bool &Array) {
  ParsedId X = parseId(S);
  bool IsArray = X.Kind == IdKind::Array;
  if (IsArray)
    X = parseId(X.Key);
  llvm::StringRef Rest = X.Key;
  unsigned I = 0;
  if (X.Kind != IdKind::Param || !Rest.consume_front(Fn) || !Rest.consume_front("#") ||
      Rest.getAsInteger(10, I))
    return std::nullopt;
  Array = IsArray;
  return I;
}

} // namespace parcheck
