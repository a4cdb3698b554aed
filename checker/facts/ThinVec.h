//===- ThinVec.h - a vector that costs one pointer ---------------*- C++ -*-===//
//
// Most of a fact's lists are empty: a call passes no fresh argument, an access
// drops no entry lock, a function hands off no parameter. A std::vector costs
// three pointers even then (24 bytes), and a CallFact has twenty of them.
// ThinVec keeps its size and capacity in the heap block before its elements,
// so it is one pointer, null while empty: facts shrink (with LockSet one too,
// CallFact 640 -> 304 bytes, AccessFact 424 -> 280) and every pass over them
// touches fewer cache lines. It is a contiguous sequence with std::vector's
// interface as far as the facts use it (iterators are pointers; comparisons are
// element-wise). A std::vector converts to it explicitly or by assignment; it
// views as an llvm::ArrayRef, and never turns into a temporary std::vector.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_THINVEC_H
#define PARCHECK_FACTS_THINVEC_H

#include "llvm/ADT/ArrayRef.h"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace parcheck {

template <class T> class ThinVec {
  struct Head {
    uint32_t Size, Cap;
  };
  static constexpr size_t Align = alignof(T) > alignof(Head) ? alignof(T) : alignof(Head);
  static constexpr size_t DataOff = (sizeof(Head) + Align - 1) / Align * Align;
  static_assert(Align <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "over-aligned element");

  template <class It>
  using IfIter = std::enable_if_t<
      std::is_base_of_v<std::input_iterator_tag,
                        typename std::iterator_traits<It>::iterator_category>,
      int>;

public:
  using value_type = T;
  using size_type = size_t;
  using difference_type = ptrdiff_t;
  using reference = T &;
  using const_reference = const T &;
  using pointer = T *;
  using const_pointer = const T *;
  using iterator = T *;
  using const_iterator = const T *;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  ThinVec() = default;
  explicit ThinVec(size_type N) { resize(N); }
  ThinVec(size_type N, const T &V) { assign(N, V); }
  template <class It, IfIter<It> = 0> ThinVec(It First, It Last) { append(First, Last); }
  ThinVec(std::initializer_list<T> L) { append(L.begin(), L.end()); }
  // Explicit: a std::vector never turns into a temporary ThinVec unseen (a
  // reference bound to one would dangle); assignment from one is plain.
  explicit ThinVec(const std::vector<T> &V) { append(V.begin(), V.end()); }
  explicit ThinVec(std::vector<T> &&V) {
    append(std::make_move_iterator(V.begin()), std::make_move_iterator(V.end()));
  }
  ThinVec(const ThinVec &O) { append(O.begin(), O.end()); }
  ThinVec(ThinVec &&O) noexcept : H(O.H) { O.H = nullptr; }
  ~ThinVec() { release(); }

  ThinVec &operator=(const ThinVec &O) {
    if (this != &O)
      assign(O.begin(), O.end());
    return *this;
  }
  ThinVec &operator=(ThinVec &&O) noexcept {
    if (this != &O) {
      release();
      H = O.H;
      O.H = nullptr;
    }
    return *this;
  }
  ThinVec &operator=(const std::vector<T> &V) {
    assign(V.begin(), V.end());
    return *this;
  }
  ThinVec &operator=(std::vector<T> &&V) {
    clear();
    append(std::make_move_iterator(V.begin()), std::make_move_iterator(V.end()));
    return *this;
  }
  ThinVec &operator=(std::initializer_list<T> L) {
    assign(L.begin(), L.end());
    return *this;
  }
  /// A view of the elements (no copy): what read-only parameters take, so that
  /// facts and std::vectors pass alike.
  operator llvm::ArrayRef<T>() const { return llvm::ArrayRef<T>(data(), size()); }

  iterator begin() { return data(); }
  iterator end() { return data() + size(); }
  const_iterator begin() const { return data(); }
  const_iterator end() const { return data() + size(); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  reverse_iterator rbegin() { return reverse_iterator(end()); }
  reverse_iterator rend() { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

  size_type size() const { return H ? H->Size : 0; }
  size_type capacity() const { return H ? H->Cap : 0; }
  bool empty() const { return size() == 0; }
  T *data() { return H ? elems(H) : nullptr; }
  const T *data() const { return H ? elems(H) : nullptr; }
  T &operator[](size_type I) {
    assert(I < size());
    return data()[I];
  }
  const T &operator[](size_type I) const {
    assert(I < size());
    return data()[I];
  }
  T &front() { return (*this)[0]; }
  const T &front() const { return (*this)[0]; }
  T &back() { return (*this)[size() - 1]; }
  const T &back() const { return (*this)[size() - 1]; }

  void reserve(size_type N) {
    if (N > capacity())
      grow(N);
  }
  void clear() {
    if (H) {
      std::destroy(begin(), end());
      H->Size = 0;
    }
  }
  void resize(size_type N) {
    shrinkTo(N);
    reserve(N);
    while (size() < N)
      emplace_back();
  }
  void resize(size_type N, const T &V) {
    shrinkTo(N);
    if (size() == N)
      return;
    T Tmp(V); // V may be an element: reserve moves them
    reserve(N);
    while (size() < N)
      emplace_back(Tmp);
  }
  void push_back(const T &V) { emplace_back(V); }
  void push_back(T &&V) { emplace_back(std::move(V)); }
  template <class... A> T &emplace_back(A &&...Args) {
    if (size() == capacity()) {
      // The argument may be an element of this vector: build it first.
      T Tmp(std::forward<A>(Args)...);
      grow(next());
      new (end()) T(std::move(Tmp));
    } else {
      new (end()) T(std::forward<A>(Args)...);
    }
    ++H->Size;
    return back();
  }
  void pop_back() {
    assert(!empty());
    std::destroy_at(&back());
    --H->Size;
  }
  template <class... A> iterator emplace(const_iterator Pos, A &&...Args) {
    size_type At = size_type(Pos - begin());
    emplace_back(std::forward<A>(Args)...);
    std::rotate(begin() + At, end() - 1, end());
    return begin() + At;
  }
  iterator insert(const_iterator Pos, const T &V) { return emplace(Pos, V); }
  iterator insert(const_iterator Pos, T &&V) { return emplace(Pos, std::move(V)); }
  iterator insert(const_iterator Pos, size_type N, const T &V) {
    size_type At = size_type(Pos - begin()), Old = size();
    T Tmp(V);
    reserve(Old + N);
    for (size_type I = 0; I < N; ++I)
      emplace_back(Tmp);
    std::rotate(begin() + At, begin() + Old, end());
    return begin() + At;
  }
  template <class It, IfIter<It> = 0> iterator insert(const_iterator Pos, It First, It Last) {
    size_type At = size_type(Pos - begin()), Old = size();
    append(First, Last);
    std::rotate(begin() + At, begin() + Old, end());
    return begin() + At;
  }
  iterator insert(const_iterator Pos, std::initializer_list<T> L) {
    return insert(Pos, L.begin(), L.end());
  }
  iterator erase(const_iterator Pos) { return erase(Pos, Pos + 1); }
  iterator erase(const_iterator First, const_iterator Last) {
    iterator F = begin() + (First - begin()), L = begin() + (Last - begin());
    if (F != L) {
      iterator NewEnd = std::move(L, end(), F);
      shrinkTo(size_type(NewEnd - begin()));
    }
    return F;
  }
  template <class It, IfIter<It> = 0> void assign(It First, It Last) {
    clear();
    append(First, Last);
  }
  void assign(size_type N, const T &V) {
    T Tmp(V);
    clear();
    resize(N, Tmp);
  }
  void assign(std::initializer_list<T> L) { assign(L.begin(), L.end()); }
  void swap(ThinVec &O) noexcept { std::swap(H, O.H); }

  friend bool operator==(const ThinVec &A, const ThinVec &B) {
    return A.size() == B.size() && std::equal(A.begin(), A.end(), B.begin());
  }
  friend bool operator!=(const ThinVec &A, const ThinVec &B) { return !(A == B); }
  friend bool operator==(const ThinVec &A, const std::vector<T> &B) {
    return A.size() == B.size() && std::equal(A.begin(), A.end(), B.begin());
  }
  friend bool operator==(const std::vector<T> &A, const ThinVec &B) { return B == A; }
  friend bool operator!=(const ThinVec &A, const std::vector<T> &B) { return !(A == B); }
  friend bool operator!=(const std::vector<T> &A, const ThinVec &B) { return !(B == A); }
  friend bool operator<(const ThinVec &A, const ThinVec &B) {
    return std::lexicographical_compare(A.begin(), A.end(), B.begin(), B.end());
  }
  friend bool operator>(const ThinVec &A, const ThinVec &B) { return B < A; }
  friend bool operator<=(const ThinVec &A, const ThinVec &B) { return !(B < A); }
  friend bool operator>=(const ThinVec &A, const ThinVec &B) { return !(A < B); }

private:
  Head *H = nullptr;

  static T *elems(Head *P) { return reinterpret_cast<T *>(reinterpret_cast<char *>(P) + DataOff); }
  size_type next() const { return capacity() ? 2 * capacity() : 1; }
  template <class It> void append(It First, It Last) {
    if constexpr (std::is_base_of_v<std::forward_iterator_tag,
                                    typename std::iterator_traits<It>::iterator_category>) {
      // Geometric, as push_back: appending ranges one after another in a
      // loop stays linear.
      size_type Want = size() + size_type(std::distance(First, Last));
      if (Want > capacity())
        grow(std::max(Want, next()));
    }
    for (; First != Last; ++First)
      emplace_back(*First);
  }
  void shrinkTo(size_type N) {
    if (N < size()) {
      std::destroy(begin() + N, end());
      H->Size = uint32_t(N);
    }
  }
  void grow(size_type Cap) {
    assert(Cap <= UINT32_MAX);
    Head *N = static_cast<Head *>(::operator new(DataOff + Cap * sizeof(T)));
    N->Size = uint32_t(size());
    N->Cap = uint32_t(Cap);
    if (H) {
      std::uninitialized_move(begin(), end(), elems(N));
      std::destroy(begin(), end());
      ::operator delete(H);
    }
    H = N;
  }
  void release() {
    if (H) {
      std::destroy(begin(), end());
      ::operator delete(H);
      H = nullptr;
    }
  }
};

} // namespace parcheck

#endif
