//===- Ids.h - lock and location ids ----------------------------*- C++ -*-===//
//
// Facts name locks and memory locations by an Id: a kind and a stable key.
// The facts JSON keeps their string form, a prefix and the key
// (docs/finding-model.md's fingerprints and --facts-dir files depend on it);
// this file is the one place that knows that syntax (Id::parse, Id::str):
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
//   guard:<var usr>                 Guard    the hidden guard of a function-local static's
//                                            initialisation
//   libc:<state>                    Libc     a C library's hidden state (rand, strtok)
//   return:<fn usr>                 Return   what a function returns (a hand-off of a
//                                            fresh object: fresh if it returns fresh ones)
//
// Ids order and compare as their string forms do, so every map and set keyed
// by ids, and so the output, keeps the order it had when ids were strings.
// Known limit: an Array or Pointee id keeps the id it wraps in string form as
// its key (inner() parses it); wrappers nest at most twice
// ("pointee:array:param:f#0"), so a recursive type was not worth it.
//
// An id's key is interned (IString, below): an id is a kind and a pointer.
// Function ids stay USR strings (FunctionFacts::Usr; CallFact::Callee is an
// IString of the USR); the one function id with a prefix, a TU's static
// initialisers, is recognised by idKind() on the string.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_IDS_H
#define PARCHECK_FACTS_IDS_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcheck {

enum class IdKind {
  Usr, Local, Path, Field, Array, Param, Pointee, Heap, Expr, StaticInit, Guard, Libc, Return
};

/// An interned string, for text that facts repeat (a source file's name in
/// every SrcLoc, a held lock's display name at every access, call and lock
/// operation under it): every IString of the same text shares one string for
/// the life of the process, so it is 8 bytes, a copy is a pointer copy,
/// equality compares pointers and the hash is stored with the text. The order
/// is the text's.
class IString {
public:
  IString() : P(&none()) {}
  IString(llvm::StringRef T) : P(&intern(T)) {}
  IString(const std::string &T) : IString(llvm::StringRef(T)) {}
  IString(const char *T) : IString(llvm::StringRef(T)) {}

  const std::string &str() const { return P->Text; }
  operator const std::string &() const { return P->Text; }
  operator llvm::StringRef() const { return P->Text; }
  operator std::string_view() const { return P->Text; }
  bool empty() const { return P->Text.empty(); }
  size_t size() const { return P->Text.size(); }
  const char *c_str() const { return P->Text.c_str(); }
  /// std::hash<std::string_view> of the text, computed once.
  size_t hash() const { return P->Hash; }
  /// The same for every IString of the same text, and only for those: a key
  /// for maps that look up by IString alone (a pointer's hash, no compare of
  /// the text).
  const void *identity() const { return P; }

  friend bool operator==(const IString &A, const IString &B) { return A.P == B.P; }
  friend bool operator!=(const IString &A, const IString &B) { return A.P != B.P; }
  friend bool operator<(const IString &A, const IString &B) {
    return A.P != B.P && A.P->Text < B.P->Text;
  }
  friend bool operator==(const IString &A, const std::string &B) { return A.P->Text == B; }
  friend bool operator==(const std::string &A, const IString &B) { return A == B.P->Text; }
  friend bool operator!=(const IString &A, const std::string &B) { return A.P->Text != B; }
  friend bool operator!=(const std::string &A, const IString &B) { return A != B.P->Text; }
  friend bool operator==(const IString &A, const char *B) { return A.P->Text == B; }
  friend bool operator!=(const IString &A, const char *B) { return A.P->Text != B; }
  friend std::string operator+(const IString &A, const std::string &B) { return A.P->Text + B; }
  friend std::string operator+(const std::string &A, const IString &B) { return A + B.P->Text; }
  friend std::string operator+(const IString &A, const char *B) { return A.P->Text + B; }
  friend std::string operator+(const char *A, const IString &B) { return A + B.P->Text; }

private:
  struct Entry {
    std::string Text;
    size_t Hash;
  };
  /// The entry of the empty text.
  static const Entry &none();
  /// The one entry of text T (thread-safe; never freed).
  static const Entry &intern(llvm::StringRef T);
  const Entry *P;
};

/// A source file's name (SrcLoc::File).
using FileName = IString;

/// A lock or location id. The default value is the empty id (no lock).
///
/// The key is interned (IString's pool): every id of the same key shares one
/// string for the life of the process, so an id is 16 bytes, a copy is a
/// pointer copy, equality compares pointers and the hash is stored with the
/// string. Facts hold ids by the hundred thousand (every lock held at every
/// access, call and lock operation), and the analysis copies them into its
/// sets and maps; an id was 40 bytes with a heap string of its own (a USR is
/// longer than the 15 characters a std::string keeps inline). The 50,000-
/// function chain: peak RSS 839 -> 735 MB, system CPU about halved.
class Id {
public:
  Id() : Kind(IdKind::Usr) {}
  /// Key must not itself start with a prefix when K is Usr (use parse for a
  /// string of unknown form): equality compares kind and key, the order the
  /// string form, and the two agree only for ids in this canonical form.
  Id(IdKind Kind, llvm::StringRef Key) : Kind(Kind), K(Key) {}
  Id(IdKind Kind, const std::string &Key) : Id(Kind, llvm::StringRef(Key)) {}
  Id(IdKind Kind, const char *Key) : Id(Kind, llvm::StringRef(Key)) {}
  /// The id whose string form (the facts JSON form) is S.
  static Id parse(llvm::StringRef S);

  IdKind kind() const { return Kind; }
  const std::string &key() const { return K.str(); }
  /// The hash of the key's text (std::hash<std::string_view>), computed once.
  size_t keyHash() const { return K.hash(); }
  /// Array and Pointee: the id wrapped.
  Id inner() const { return parse(key()); }
  bool empty() const { return Kind == IdKind::Usr && K.empty(); }
  /// The facts JSON form: the kind's prefix and the key.
  std::string str() const;
  /// The kind's prefix in that form ("field:", ...; "" for a Usr).
  llvm::StringRef prefix() const;

  /// As str().compare(O.str()), without building the strings.
  int compare(const Id &O) const;
  bool operator==(const Id &O) const { return Kind == O.Kind && K == O.K; }
  bool operator!=(const Id &O) const { return !(*this == O); }
  bool operator<(const Id &O) const { return compare(O) < 0; }
  bool operator>(const Id &O) const { return compare(O) > 0; }
  bool operator<=(const Id &O) const { return compare(O) <= 0; }
  bool operator>=(const Id &O) const { return compare(O) >= 0; }

private:
  IdKind Kind;
  IString K;
};

/// The id of kind K with key Key. A Usr key is parsed, so that a name that
/// happens to start with a prefix ("path::X", a class) gets the kind its
/// string form reads as, and ids stay canonical.
inline Id makeId(IdKind K, llvm::StringRef Key) {
  return K == IdKind::Usr ? Id::parse(Key) : Id(K, Key);
}
/// A wrapper id (Array, Pointee) around Inner.
inline Id makeId(IdKind K, const Id &Inner) { return Id(K, Inner.str()); }
inline IdKind idKind(const Id &I) { return I.kind(); }

/// A string id (a function's USR or "static-init:<file>") as a kind and the
/// key after its prefix.
struct ParsedId {
  IdKind Kind = IdKind::Usr;
  llvm::StringRef Key;
};
ParsedId parseId(llvm::StringRef S);
inline IdKind idKind(llvm::StringRef S) { return parseId(S).Kind; }
/// The string id of a TU's static initialisers, a function.
std::string staticInitUsr(llvm::StringRef File);

/// FunctionFacts::LockTargets' target for a lock pointer never assigned: any
/// lock (string form "*").
inline Id anyLockId() { return Id(IdKind::Usr, "*"); }

/// A lock class (a mutex member) or an array of locks: one id, many objects.
inline bool isClassLock(const Id &I) {
  return I.kind() == IdKind::Field || I.kind() == IdKind::Array;
}

/// "C::m" -> "C": the class of a qualified member name (an AccessFact's
/// Field, a lock's Field); "" when Qualified names no member.
std::string memberClass(llvm::StringRef Qualified);
/// The class whose member a Field id ("field:C::m") names; "" for an id of any
/// other kind.
std::string fieldClass(const Id &I);

/// "local:<Owner>|<Var>": a local Var of function Owner (USRs).
Id localId(llvm::StringRef Owner, llvm::StringRef Var);
/// Owner's USR when I is "local:<Owner>|<Var>[.path]", else "".
std::string localOwner(const Id &I);

/// I is Outer or a member path inside it: same kind, and I's key is Outer's
/// key or continues it with '.' ("local:<o>|<v>.a.b" is within "local:<o>|<v>").
bool isWithin(const Id &I, const Id &Outer);
/// The ids I may be within: I, then its key cut at each '.', longest first
/// (same kind). USRs contain dots themselves, so some are no variable's id;
/// the caller looks them up.
std::vector<Id> enclosingIds(const Id &I);

/// "param:<Fn>#<I>".
Id paramId(llvm::StringRef Fn, unsigned I);
/// Fn's USR when I is "param:<Fn>#<i>", else "".
std::string paramFunction(const Id &I);

/// The global a member path starts from when I is "path:<usr>.f.g" (the id
/// "<usr>"); I itself otherwise.
Id pathRoot(const Id &I);

/// A parameter's lock or location, or an array through a parameter.
bool isParamLock(const Id &I);

/// When Id is "param:<Fn>#<i>" or "array:param:<Fn>#<i>": i, and whether it
/// is the array form. Fn is known to the caller: C++ USRs contain '#' themselves.
std::optional<unsigned> paramOrArrayIndex(const Id &I, llvm::StringRef Fn, bool &Array);
/// When I is "param:<Fn>#<i>": i.
inline std::optional<unsigned> paramIndex(const Id &I, llvm::StringRef Fn) {
  bool Array = false;
  std::optional<unsigned> R = paramOrArrayIndex(I, Fn, Array);
  return Array ? std::nullopt : R;
}
/// I is Fn's parameter, or an array through it.
inline bool isParamOf(const Id &I, llvm::StringRef Fn) {
  bool Array = false;
  return paramOrArrayIndex(I, Fn, Array).has_value();
}

} // namespace parcheck

/// Hashes the kind and the key (no string form is built). Equal ids have equal
/// kinds and keys, so equal hashes.
template <> struct std::hash<parcheck::Id> {
  size_t operator()(const parcheck::Id &I) const {
    size_t H = I.keyHash();
    return H ^ (size_t(I.kind()) + 0x9e3779b97f4a7c15ULL + (H << 6) + (H >> 2));
  }
};

#endif
