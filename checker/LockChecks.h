//===- LockChecks.h - helpers shared by the lock checks ---------*- C++ -*-===//
//
// Small pure helpers over ProgramAnalysis used by LockOrderCheck.cpp and
// LockMisuseCheck.cpp: which roots run a function, the locks every root holds
// on entry to it, and how lock ids are classified.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_LOCKCHECKS_H
#define PARCHECK_LOCKCHECKS_H

#include "Analysis.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace parcheck {
namespace lockchecks {

/// A lock class (a mutex member) or an array of locks: one id, many objects.
inline bool isClassLock(const std::string &Id) {
  return Id.rfind("field:", 0) == 0 || Id.rfind("array:", 0) == 0;
}

inline bool isParamLock(const std::string &Id) {
  return Id.rfind("param:", 0) == 0 || Id.rfind("array:param:", 0) == 0;
}

/// A callee's parameter lock seen from a call site that passes Args: the
/// argument's lock, or H unchanged when the call does not say.
inline HeldLock bindParam(const HeldLock &H, const std::string &Callee,
                     const std::vector<ObjRef> &Args) {
  bool Array = H.Id.rfind("array:param:", 0) == 0;
  std::string Id = Array ? H.Id.substr(6) : H.Id;
  std::string Prefix = "param:" + Callee + "#";
  if (Id.rfind(Prefix, 0) != 0)
    return H;
  unsigned I = 0;
  if (llvm::StringRef(Id).substr(Prefix.size()).getAsInteger(10, I) || I >= Args.size() ||
      (Args[I].K != ObjRef::Var && Args[I].K != ObjRef::Param))
    return H;
  HeldLock R = H;
  R.Id = (Array ? "array:" : "") + Args[I].Id;
  R.Name = Args[I].Name + (Array ? "[]" : "");
  return R;
}

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
inline std::set<std::string> entryLocks(const ProgramAnalysis &A, const std::string &Fn,
                                        bool ExclusiveOnly) {
  std::set<std::string> Common;
  bool First = true;
  for (size_t I = 0; I < A.Roots.size(); ++I) {
    auto It = A.Reached[I].find(Fn);
    if (It == A.Reached[I].end())
      continue;
    std::set<std::string> Here;
    for (const HeldLock &H : It->second.EntryLocks)
      if (!ExclusiveOnly || !H.Shared)
        Here.insert(A.resolveLock(H).Id);
    if (First) {
      Common = Here;
      First = false;
      continue;
    }
    std::set<std::string> Both;
    for (const std::string &S : Common)
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
