//===- FastJSON.h - a fast reader for the JSON parcheck writes --*- C++ -*-===//
//
// Reading a facts file is parsing JSON and then reading typed facts out of
// the tree. Through llvm::json, the tree cost most of it: every key and string
// a std::string (checked as UTF-8), every object a hash table, every node
// freed one at a time (on the 10k chain's facts, 2.6 of the 3.2 G
// instructions of factsFromJSON). This reader builds a read-only tree in an
// arena instead:
// - strings are views of the input text (copied into the arena only when
//   they have escapes);
// - an object is its members in written order, looked up by binary search
//   when its keys are sorted (parcheck writes them sorted), else by a scan;
// - arrays and objects are laid out once their size is known, from a stack
//   of the elements read so far;
// - the elements of one top-level array can be handed over one at a time,
//   each in an arena that is reset after it, so a whole file's tree never
//   exists at once.
//
// The tree's API is the part of llvm::json's that the facts reader uses
// (getAsObject, getArray, getString, ...) with the same answers.
//
// Contract: parseFast accepts a subset of JSON (ASCII strings without \u
// escapes, integers of at most 18 digits, no duplicate keys) and, for every
// input it accepts, gives the tree llvm::json::parse gives (toLLVM of it
// equals llvm::json::parse's value). Anything outside the subset, valid JSON
// or not, is "not accepted": the caller then uses llvm::json::parse, which
// gives the answer and the error messages, and fromLLVM to read its value.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_FASTJSON_H
#define PARCHECK_FACTS_FASTJSON_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>

namespace parcheck {
namespace fastjson {

class Array;
class Object;

/// One JSON value, in an arena (a Document's or a streamed element's).
class Value {
public:
  const Object *getAsObject() const { return K == KObject ? Obj : nullptr; }
  const Array *getAsArray() const { return K == KArray ? Arr : nullptr; }
  std::optional<llvm::StringRef> getAsString() const {
    if (K != KString)
      return std::nullopt;
    return llvm::StringRef(Str, Len);
  }
  /// As llvm::json::Value::getAsInteger: an integer, or a number that is one
  /// (fromLLVM keeps any other number as not an integer).
  std::optional<int64_t> getAsInteger() const {
    if (K != KInteger)
      return std::nullopt;
    return Int;
  }
  std::optional<bool> getAsBoolean() const {
    if (K != KBoolean)
      return std::nullopt;
    return Bool;
  }
  bool isNull() const { return K == KNull; }

private:
  friend class Builder;
  enum Kind : uint8_t { KNull, KBoolean, KInteger, KNumber, KString, KArray, KObject };
  Kind K = KNull;
  uint32_t Len = 0; ///< A string's length.
  union {
    bool Bool;
    int64_t Int;
    double Num; ///< A number that is not an integer (fromLLVM only).
    const char *Str;
    const Array *Arr;
    const Object *Obj;
  };

public:
  Value() : Int(0) {}
};

class Array {
public:
  const Value *begin() const { return Elems; }
  const Value *end() const { return Elems + N; }
  size_t size() const { return N; }
  bool empty() const { return N == 0; }
  const Value &operator[](size_t I) const { return Elems[I]; }

private:
  friend class Builder;
  const Value *Elems = nullptr;
  size_t N = 0;
};

struct Member {
  llvm::StringRef Key;
  Value V;
  /// Key's first 8 bytes, big-endian, zero-padded: the look-up's binary
  /// search compares these, and the keys only where they tie.
  uint64_t Prefix = 0;
};

/// An object's members in written order (no two with one key).
class Object {
public:
  const Value *get(llvm::StringRef Key) const;
  const Object *getObject(llvm::StringRef Key) const {
    const Value *V = get(Key);
    return V ? V->getAsObject() : nullptr;
  }
  const Array *getArray(llvm::StringRef Key) const {
    const Value *V = get(Key);
    return V ? V->getAsArray() : nullptr;
  }
  std::optional<llvm::StringRef> getString(llvm::StringRef Key) const {
    const Value *V = get(Key);
    return V ? V->getAsString() : std::nullopt;
  }
  std::optional<int64_t> getInteger(llvm::StringRef Key) const {
    const Value *V = get(Key);
    return V ? V->getAsInteger() : std::nullopt;
  }
  std::optional<bool> getBoolean(llvm::StringRef Key) const {
    const Value *V = get(Key);
    return V ? V->getAsBoolean() : std::nullopt;
  }
  const Member *begin() const { return Members; }
  const Member *end() const { return Members + N; }
  size_t size() const { return N; }

private:
  friend class Builder;
  const Member *Members = nullptr;
  uint32_t N = 0;
  /// Keys in increasing order (as parcheck writes them, and as fromLLVM lays
  /// them out): a look-up is a binary search, else a scan.
  bool Sorted = false;
};

/// A tree and the arena it lives in. Strings without escapes are views of
/// the parsed text, which must outlive the tree.
struct Document {
  llvm::BumpPtrAllocator Arena;
  Value Root;
};

/// Parses Text into Out when it is in the subset above. When the top-level
/// value is an object whose StreamKey member is an array, each of that
/// array's elements is passed to OnElement in order instead of being kept
/// (the member is left as an empty array); the element's tree lives until
/// OnElement returns. False when Text is not accepted; OnElement may have
/// been called by then.
bool parseFast(llvm::StringRef Text, Document &Out, llvm::StringRef StreamKey = "",
               llvm::function_ref<void(const Value &)> OnElement = nullptr);

/// V as a tree in Out (strings copied): how a value from the fallback,
/// llvm::json::parse, is read the same way.
void fromLLVM(const llvm::json::Value &V, Document &Out);

/// V as an llvm::json::Value (the contract's check, in tests).
llvm::json::Value toLLVM(const Value &V);

} // namespace fastjson
} // namespace parcheck

#endif
