//===- StableSort.h - std::stable_sort's order without its buffer -*- C++ -*-===//
//
// parcheck::stableSort(V, Less) leaves V exactly as std::stable_sort would:
// sorted by Less, equivalent elements in their original order. That order is
// unique, so sorting positions with ties broken by position gives it.
//
// Why not std::stable_sort: libstdc++ before GCC 13 implements it with
// std::get_temporary_buffer, deprecated in C++17, and clang 18 and later
// report that deprecation inside the library's own header once per
// instantiation (llvm/llvm-project#76515), which -Wall builds show as
// warnings in our code. A diagnostic pragma at the call does not cover them
// (clang places them in stl_tempbuf.h), and turning the warning off would
// hide deprecations in parcheck's own code too.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_STABLESORT_H
#define PARCHECK_STABLESORT_H

#include <algorithm>
#include <cstddef>
#include <functional>
#include <numeric>
#include <utility>
#include <vector>

namespace parcheck {

/// Sorts the random-access container V (a std::vector) stably by Less, a
/// strict weak order, as std::stable_sort(V.begin(), V.end(), Less) does.
/// Returns where each element came from: the old index of each new position.
template <typename Container, typename LessT = std::less<>>
std::vector<size_t> stableSort(Container &V, LessT Less = LessT()) {
  std::vector<size_t> Order(V.size());
  std::iota(Order.begin(), Order.end(), size_t(0));
  std::sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    if (Less(V[A], V[B]))
      return true;
    if (Less(V[B], V[A]))
      return false;
    return A < B;
  });
  Container Out;
  Out.reserve(V.size());
  for (size_t I : Order)
    Out.push_back(std::move(V[I]));
  V = std::move(Out);
  return Order;
}

} // namespace parcheck

#endif
