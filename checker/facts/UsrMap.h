//===- UsrMap.h - an ordered map by USR with hashed look-ups ----*- C++ -*-===//
//
// The analysis keeps most of what it knows per function in maps keyed by the
// function's USR, and iterates them in USR order (which fixes the order of
// its output). std::map gives the order but makes every look-up a walk of
// about log2(n) string compares down a tree of scattered nodes: on a program
// of 50,000 functions a quarter of the analysis' time was memcmp under those
// walks. UsrMap is a std::map for the order plus a hash index from each key
// (a StringRef into the tree's own node, which never moves) to its node, so
// find, count, at and operator[] on an existing key cost one hash and one
// compare. Iteration, and so every output, is exactly std::map's.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_USRMAP_H
#define PARCHECK_FACTS_USRMAP_H

#include "facts/Ids.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace parcheck {

/// The index's keys are hashed as IString hashes its text
/// (std::hash<std::string_view>), so that a look-up by an interned USR (a
/// call's Callee, the commonest key) takes the hash the pool stored with it
/// instead of hashing the text again.
struct UsrKeyInfo {
  using Base = llvm::DenseMapInfo<llvm::StringRef>;
  static llvm::StringRef getEmptyKey() { return Base::getEmptyKey(); }
  static llvm::StringRef getTombstoneKey() { return Base::getTombstoneKey(); }
  static unsigned getHashValue(llvm::StringRef S) {
    return unsigned(std::hash<std::string_view>()(std::string_view(S.data(), S.size())));
  }
  static unsigned getHashValue(const IString &S) { return unsigned(S.hash()); }
  static bool isEqual(llvm::StringRef A, llvm::StringRef B) { return Base::isEqual(A, B); }
  static bool isEqual(const IString &A, llvm::StringRef B) {
    return Base::isEqual(llvm::StringRef(A), B);
  }
};

template <class V> class UsrMap {
  /// Only an IString itself: any other argument converts to a StringRef.
  template <class K> using IfIString = std::enable_if_t<std::is_same_v<K, IString>, int>;

  using Tree = std::map<std::string, V>;

public:
  using key_type = std::string;
  using mapped_type = V;
  using value_type = typename Tree::value_type;
  using iterator = typename Tree::iterator;
  using const_iterator = typename Tree::const_iterator;
  using size_type = typename Tree::size_type;

  UsrMap() = default;
  UsrMap(const UsrMap &O) : M(O.M) { reindex(); }
  // Moving a std::map moves its nodes, not their keys: the index stays valid.
  UsrMap(UsrMap &&O) noexcept : M(std::move(O.M)), Index(std::move(O.Index)) { O.clear(); }
  UsrMap &operator=(const UsrMap &O) {
    if (this != &O) {
      M = O.M;
      reindex();
    }
    return *this;
  }
  UsrMap &operator=(UsrMap &&O) noexcept {
    if (this != &O) {
      M = std::move(O.M);
      Index = std::move(O.Index);
      O.clear();
    }
    return *this;
  }

  iterator begin() { return M.begin(); }
  iterator end() { return M.end(); }
  const_iterator begin() const { return M.begin(); }
  const_iterator end() const { return M.end(); }
  size_type size() const { return M.size(); }
  bool empty() const { return M.empty(); }
  void clear() {
    M.clear();
    Index.clear();
  }

  iterator find(llvm::StringRef K) {
    auto It = Index.find(K);
    return It == Index.end() ? M.end() : It->second;
  }
  const_iterator find(llvm::StringRef K) const {
    auto It = Index.find(K);
    return It == Index.end() ? M.end() : const_iterator(It->second);
  }
  size_type count(llvm::StringRef K) const { return Index.count(K); }
  template <class K, IfIString<K> = 0> iterator find(const K &Key) {
    auto It = Index.find_as(Key);
    return It == Index.end() ? M.end() : It->second;
  }
  template <class K, IfIString<K> = 0> const_iterator find(const K &Key) const {
    auto It = Index.find_as(Key);
    return It == Index.end() ? M.end() : const_iterator(It->second);
  }
  template <class K, IfIString<K> = 0> size_type count(const K &Key) const {
    return Index.find_as(Key) != Index.end();
  }
  V &at(llvm::StringRef K) {
    auto It = Index.find(K);
    if (It == Index.end())
      throw std::out_of_range("UsrMap::at");
    return It->second->second;
  }
  const V &at(llvm::StringRef K) const { return const_cast<UsrMap *>(this)->at(K); }

  template <class... Args> std::pair<iterator, bool> try_emplace(llvm::StringRef K, Args &&...A) {
    auto It = Index.find(K);
    if (It != Index.end())
      return {It->second, false};
    auto [T, New] = M.try_emplace(K.str(), std::forward<Args>(A)...);
    Index.try_emplace(llvm::StringRef(T->first), T);
    return {T, true};
  }
  template <class VV> std::pair<iterator, bool> emplace(llvm::StringRef K, VV &&Val) {
    return try_emplace(K, std::forward<VV>(Val));
  }
  std::pair<iterator, bool> insert(const value_type &KV) { return try_emplace(KV.first, KV.second); }
  /// Inserts K (if new) just before Hint where it belongs there, as
  /// std::map::emplace_hint: a map filled in key order with Hint = end()
  /// costs one compare per key, not a walk.
  template <class... Args> iterator emplace_hint(const_iterator Hint, llvm::StringRef K, Args &&...A) {
    auto It = Index.find(K);
    if (It != Index.end())
      return It->second;
    iterator T = M.emplace_hint(Hint, std::piecewise_construct, std::forward_as_tuple(K.str()),
                                std::forward_as_tuple(std::forward<Args>(A)...));
    Index.try_emplace(llvm::StringRef(T->first), T);
    return T;
  }
  void reserve(size_type N) { Index.reserve(N); }
  V &operator[](llvm::StringRef K) { return try_emplace(K).first->second; }

  iterator erase(iterator It) {
    Index.erase(llvm::StringRef(It->first));
    return M.erase(It);
  }
  size_type erase(llvm::StringRef K) {
    auto It = Index.find(K);
    if (It == Index.end())
      return 0;
    iterator T = It->second;
    Index.erase(It);
    M.erase(T);
    return 1;
  }

  friend bool operator==(const UsrMap &A, const UsrMap &B) { return A.M == B.M; }
  friend bool operator!=(const UsrMap &A, const UsrMap &B) { return A.M != B.M; }

private:
  void reindex() {
    Index.clear();
    Index.reserve(M.size());
    for (auto It = M.begin(); It != M.end(); ++It)
      Index.try_emplace(llvm::StringRef(It->first), It);
  }

  Tree M;
  llvm::DenseMap<llvm::StringRef, iterator, UsrKeyInfo> Index;
};

} // namespace parcheck

#endif // PARCHECK_FACTS_USRMAP_H
