//===- Id.h - a lock or location id as a kind and a key ---------*- C++ -*-===//
//
// The value type the facts model moves to (issue 10, typed ids): an id is an
// IdKind and a stable key, compared and hashed on both, never searched as a
// string. Its string form, the kind's prefix and the key (Ids.h lists them),
// is the facts JSON form: Id::parse reads it and Id::str writes it, byte for
// byte, so --facts-dir files and the fingerprints built from ids do not
// change.
//
// Ids order as their string forms do, so a map or set keyed by ids iterates,
// and so the output is written, in the order it had when ids were strings.
// That order agrees with equality (kind and key) only for canonical ids: a
// Usr key never starts with a prefix. Id::parse always gives one; build a Usr
// id from a string of unknown form through parse.
//
// Known limit: an Array or Pointee id keeps the id it wraps in string form as
// its key (inner() parses it); wrappers nest at most twice
// ("pointee:array:param:f#0"), so a recursive type was not worth it.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_ID_H
#define PARCHECK_FACTS_ID_H

#include "facts/Ids.h"

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace parcheck {

/// A lock or location id. The default value is the empty id (no lock).
class Id {
public:
  Id() = default;
  /// Key must not start with a prefix when K is Usr (see the file comment).
  Id(IdKind K, std::string Key) : Kind(K), Key(std::move(Key)) {}
  /// The id whose string form (the facts JSON form) is S.
  static Id parse(llvm::StringRef S);

  IdKind kind() const { return Kind; }
  const std::string &key() const { return Key; }
  /// Array and Pointee: the id wrapped.
  Id inner() const { return parse(Key); }
  bool empty() const { return Kind == IdKind::Usr && Key.empty(); }
  /// The facts JSON form: the kind's prefix and the key.
  std::string str() const;

  /// As str().compare(O.str()), without building the strings.
  int compare(const Id &O) const;
  bool operator==(const Id &O) const { return Kind == O.Kind && Key == O.Key; }
  bool operator!=(const Id &O) const { return !(*this == O); }
  bool operator<(const Id &O) const { return compare(O) < 0; }
  bool operator>(const Id &O) const { return compare(O) > 0; }
  bool operator<=(const Id &O) const { return compare(O) <= 0; }
  bool operator>=(const Id &O) const { return compare(O) >= 0; }

private:
  IdKind Kind = IdKind::Usr;
  std::string Key;
};

/// I is Outer or a member path inside it: same kind, and I's key is Outer's
/// key or continues it with '.' ("local:<o>|<v>.a.b" is within "local:<o>|<v>").
bool isWithin(const Id &I, const Id &Outer);

} // namespace parcheck

/// Hashes the kind and the key; no string form is built. Equal ids have equal
/// kinds and keys, so equal hashes.
template <> struct std::hash<parcheck::Id> {
  size_t operator()(const parcheck::Id &I) const {
    size_t H = std::hash<std::string_view>()(I.key());
    return H ^ (size_t(I.kind()) + 0x9e3779b97f4a7c15ULL + (H << 6) + (H >> 2));
  }
};

#endif
