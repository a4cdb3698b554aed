//===- CallClosure.h - per-function sets closed over calls -------*- C++ -*-===//
//
// Several summaries are "what a call of this function does, itself or
// through its calls": the thread handles it joins (JoinsIn, Concurrency.cpp),
// the once-callbacks it runs or waits for (OnceDoneBy, Once.cpp). Each starts
// from the function's own facts and grows by its callees' sets to a fixpoint;
// this is that closure, written once.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_CALLCLOSURE_H
#define PARCHECK_CALLCLOSURE_H

#include "facts/Program.h"

#include <map>
#include <set>
#include <string>

namespace parcheck {

/// Adds to each function's set in Of (by USR) the sets of the functions it
/// calls, transitively, until nothing changes. Only insertions, so this
/// terminates; a function calling itself adds nothing. A function with no
/// own entry gets one when a callee has a set.
/// Of is a std::map or a UsrMap from USR to a std::set.
template <class Map> void closeOverCalls(const Program &P, Map &Of) {
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls) {
        auto It = Of.find(C.Callee);
        if (It == Of.end() || C.Callee == Usr)
          continue;
        auto &Mine = Of[Usr]; // a tree's node: It stays valid
        size_t Before = Mine.size();
        Mine.insert(It->second.begin(), It->second.end());
        Changed = Changed || Mine.size() != Before;
      }
  }
}

} // namespace parcheck

#endif
