//===- Ids.cpp - lock and location ids ------------------------------------===//
#include "facts/Ids.h"
#include "facts/Id.h"

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

llvm::StringRef prefixOf(IdKind K) {
  for (const Prefix &P : Prefixes)
    if (P.Kind == K)
      return P.Text;
  return {};
}

} // namespace

Id Id::parse(llvm::StringRef S) {
  ParsedId P = parseId(S);
  return Id(P.Kind, P.Key.str());
}

std::string Id::str() const { return (llvm::Twine(prefixOf(Kind)) + Key).str(); }

int Id::compare(const Id &O) const {
  if (Kind == O.Kind) {
    return llvm::StringRef(Key).compare(O.Key);
  }
  // The prefix and the key of each, compared byte by byte as unsigned chars
  // (std::string::compare's order).
  llvm::StringRef A1 = prefixOf(Kind), A2 = Key, B1 = prefixOf(O.Kind), B2 = O.Key;
  size_t NA = A1.size() + A2.size(), NB = B1.size() + B2.size();
  for (size_t I = 0; I < NA && I < NB; ++I) {
    unsigned char A = I < A1.size() ? A1[I] : A2[I - A1.size()];
    unsigned char B = I < B1.size() ? B1[I] : B2[I - B1.size()];
    if (A != B)
      return A < B ? -1 : 1;
  }
  return NA == NB ? 0 : (NA < NB ? -1 : 1);
}

bool isWithin(const Id &I, const Id &Outer) {
  if (I.kind() != Outer.kind())
    return false;
  llvm::StringRef K = I.key(), O = Outer.key();
  return K == O || (K.size() > O.size() && K.starts_with(O) && K[O.size()] == '.');
}

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
