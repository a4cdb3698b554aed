//===- Ids.cpp - lock and location ids ------------------------------------===//
#include "facts/Ids.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"

#include <memory>
#include <mutex>

namespace parcheck {

const IString::Entry &IString::none() {
  static const Entry E{std::string(), std::hash<std::string_view>()(std::string_view())};
  return E;
}

const IString::Entry &IString::intern(llvm::StringRef T) {
  if (T.empty())
    return none();
  size_t H = std::hash<std::string_view>()(std::string_view(T.data(), T.size()));
  // A small per-thread cache of recent texts, direct-mapped by hash: most
  // texts asked for on a thread were asked for shortly before (the file of
  // one TU's locations, a function's lock names, the analysis making the same
  // parameter ids for each root), and a hit takes no lock and writes no
  // shared line.
  constexpr size_t CacheSize = 4096;
  thread_local const Entry *Cache[CacheSize];
  const Entry *&C = Cache[H % CacheSize];
  if (C && C->Hash == H && C->Text == T)
    return *C;
  // Sharded by the text's hash: the extraction of each TU runs on its own
  // thread, and the analysis on several.
  constexpr size_t NumShards = 64;
  struct Shard {
    std::mutex M;
    llvm::StringMap<std::unique_ptr<const Entry>> Pool;
  };
  // Never destroyed: entries live as long as the process (facts and reports
  // made during static destruction may still hold them), and freeing every
  // entry at exit would only cost time.
  static Shard *const Shards = new Shard[NumShards];
  Shard &S = Shards[(H >> 12) % NumShards];
  std::lock_guard<std::mutex> G(S.M);
  std::unique_ptr<const Entry> &P = S.Pool[T];
  if (!P)
    P = std::make_unique<const Entry>(Entry{T.str(), H});
  C = P.get();
  return *P;
}

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
    {IdKind::StaticInit, "static-init:"}, {IdKind::Guard, "guard:"},
    {IdKind::Libc, "libc:"},       {IdKind::Return, "return:"},
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
  return Id(P.Kind, P.Key);
}

std::string Id::str() const { return (llvm::Twine(prefixOf(Kind)) + key()).str(); }

llvm::StringRef Id::prefix() const { return prefixOf(Kind); }

int Id::compare(const Id &O) const {
  if (Kind == O.Kind) {
    if (K == O.K)
      return 0;
    return llvm::StringRef(key()).compare(O.key());
  }
  // The prefix and the key of each, compared byte by byte as unsigned chars
  // (std::string::compare's order).
  llvm::StringRef A1 = prefixOf(Kind), A2 = key(), B1 = prefixOf(O.Kind), B2 = O.key();
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

std::vector<Id> enclosingIds(const Id &I) {
  std::vector<Id> R;
  llvm::StringRef K = I.key();
  for (size_t Dot = K.size(); Dot != llvm::StringRef::npos && Dot > 0; Dot = K.rfind('.', Dot - 1))
    R.push_back(Id(I.kind(), K.take_front(Dot)));
  return R;
}

ParsedId parseId(llvm::StringRef S) {
  for (const Prefix &P : Prefixes)
    if (S.starts_with(P.Text))
      return {P.Kind, S.drop_front(P.Text.size())};
  return {IdKind::Usr, S};
}


std::string staticInitUsr(llvm::StringRef File) {
  return Id(IdKind::StaticInit, File.str()).str();
}

std::string memberClass(llvm::StringRef Qualified) {
  size_t P = Qualified.rfind("::");
  return P == llvm::StringRef::npos ? std::string() : Qualified.substr(0, P).str();
}

std::string fieldClass(const Id &I) {
  return I.kind() == IdKind::Field ? memberClass(I.key()) : std::string();
}

Id localId(llvm::StringRef Owner, llvm::StringRef Var) {
  llvm::SmallString<128> S;
  return Id(IdKind::Local, (Owner + "|" + Var).toStringRef(S));
}

std::string localOwner(const Id &I) {
  if (I.kind() != IdKind::Local)
    return {};
  return llvm::StringRef(I.key()).take_until([](char C) { return C == '|'; }).str();
}

Id paramId(llvm::StringRef Fn, unsigned I) {
  return Id(IdKind::Param, Fn.str() + "#" + std::to_string(I));
}

std::string paramFunction(const Id &I) {
  if (I.kind() != IdKind::Param)
    return {};
  // The index follows the last '#': C++ USRs contain '#' themselves.
  llvm::StringRef K = I.key();
  return K.substr(0, K.rfind('#')).str();
}

Id pathRoot(const Id &I) {
  if (I.kind() != IdKind::Path)
    return I;
  return Id::parse(llvm::StringRef(I.key()).take_until([](char C) { return C == '.'; }));
}

bool isParamLock(const Id &I) {
  if (I.kind() == IdKind::Array)
    return I.inner().kind() == IdKind::Param;
  return I.kind() == IdKind::Param;
}

std::optional<unsigned> paramOrArrayIndex(const Id &Of, llvm::StringRef Fn, bool &Array) {
  bool IsArray = Of.kind() == IdKind::Array;
  Id X = IsArray ? Of.inner() : Of;
  llvm::StringRef Rest = X.key();
  unsigned I = 0;
  if (X.kind() != IdKind::Param || !Rest.consume_front(Fn) || !Rest.consume_front("#") ||
      Rest.getAsInteger(10, I))
    return std::nullopt;
  Array = IsArray;
  return I;
}

} // namespace parcheck
