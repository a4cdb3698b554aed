//===- LockChecks.h - helpers shared by the lock checks ---------*- C++ -*-===//
//
// Small pure helpers over ProgramAnalysis used by LockOrderCheck.cpp and
// LockMisuseCheck.cpp: which roots run a function, the locks every root holds
// on entry to it, and how lock ids are classified.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_LOCKCHECKS_H
#define PARCHECK_LOCKCHECKS_H

#include "analysis/Analysis.h"
#include "facts/Ids.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace parcheck {
namespace lockchecks {

/// Roots that reach function Fn, with the handles live on the way there.
struct RootUse {
  size_t Root;
  std::set<std::string> Live;
};

inline std::vector<RootUse> rootsOf(const ProgramAnalysis &A, const std::string &Fn) {
  std::vector<RootUse> R;
  for (size_t I = 0; I < A.Roots.size(); ++I) {
    auto It = A.Reached[I].find(Fn);
    if (It != A.Reached[I].end())
      R.push_back({I, It->second.Live});
  }
  return R;
}

/// Locks held on entry to Fn by every root that reaches it (resolved ids).
inline std::set<Id> entryLocks(const ProgramAnalysis &A, const std::string &Fn,
                               bool ExclusiveOnly) {
  std::set<Id> Common;
  bool First = true;
  for (size_t I = 0; I < A.Roots.size(); ++I) {
    auto It = A.Reached[I].find(Fn);
    if (It == A.Reached[I].end())
      continue;
    std::set<Id> Here;
    for (const HeldLock &H : It->second.EntryLocks)
      if (!ExclusiveOnly || !H.Shared)
        Here.insert(A.resolveLock(H).Id);
    if (First) {
      Common = Here;
      First = false;
      continue;
    }
    std::set<Id> Both;
    for (const Id &S : Common)
      if (Here.count(S))
        Both.insert(S);
    Common = Both;
  }
  return Common;
}

/// Could code of function Fn run in two threads at once (two instances of a
/// root, or two roots that overlap)? A function no root reaches (library code)
/// is assumed to.
inline bool runsConcurrently(const ProgramAnalysis &A, const std::string &Fn) {
  std::vector<RootUse> Rs = rootsOf(A, Fn);
  if (Rs.empty())
    return true;
  for (size_t I = 0; I < Rs.size(); ++I)
    for (size_t J = I; J < Rs.size(); ++J)
      if (A.concurrent(Rs[I].Root, Rs[I].Live, Rs[J].Root, Rs[J].Live))
        return true;
  return false;
}

inline std::string threadOf(const ProgramAnalysis &A, const std::string &Fn) {
  std::vector<RootUse> Rs = rootsOf(A, Fn);
  return Rs.empty() ? std::string() : A.Roots[Rs[0].Root].Name;
}

inline std::string fnName(const ProgramAnalysis &A, const std::string &Usr) {
  const FunctionFacts *F = A.function(Usr);
  return F ? F->Name : Usr;
}

} // namespace lockchecks
} // namespace parcheck

#endif
