//===- Once.cpp - happens-before through pthread_once ---------------------===//
#include "analysis/Analysis.h"
#include "analysis/CallClosure.h"

#include <tuple>

namespace parcheck {

namespace {

/// Is A written strictly before B in the same file?
bool writtenBefore(const SrcLoc &A, const SrcLoc &B) {
  return A.File == B.File && A.valid() && B.valid() &&
         std::tie(A.Line, A.Col) < std::tie(B.Line, B.Col);
}

} // namespace

// Happens-before through once
//
// pthread_once(&guard, init) runs init once in the whole run, and every call
// returns only after that run completed. A once-callback is a function only
// ever called through pthread_once/call_once (directly, or through a once
// wrapper resolved per call site: 'uv_once(&once, init_once)'); what it
// calls, when only called from its run, belongs to that run too (OnceRun).
// Two accesses of one run never overlap, and an access of the run happens
// before an access written after a once-call of its callback, or after a
// call of a function that makes one (OnceDoneBy), in the same function.
// Known limits: a once-call on some paths only counts as made; the guard is
// not compared, so a callback passed with two different guards (two runs) is
// taken to run once.

void ProgramAnalysis::computeOnce() {
  std::set<std::string> Entries;
  for (const Root &R : Roots)
    Entries.insert(R.Entry);
  // Callers of each function: once-calls, and plain calls by caller.
  std::map<std::string, std::set<std::string>> PlainCallers;
  std::map<std::string, bool> AnyOnce;
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls) {
      if (C.Once)
        AnyOnce[C.Callee] = true;
      else
        PlainCallers[C.Callee].insert(Usr);
    }
  for (const auto &[Fn, Once] : AnyOnce)
    if (!PlainCallers.count(Fn) && !Entries.count(Fn))
      OnceRun[Fn] = Fn;
  // A function every caller of which is in one run is in that run.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Fn, Callers] : PlainCallers) {
      if (OnceRun.count(Fn) || AnyOnce.count(Fn) || Entries.count(Fn))
        continue;
      std::string Run;
      bool Same = true;
      for (const std::string &C : Callers) {
        auto It = OnceRun.find(C);
        if (It == OnceRun.end() || (!Run.empty() && Run != It->second)) {
          Same = false;
          break;
        }
        Run = It->second;
      }
      if (Same && !Run.empty()) {
        OnceRun[Fn] = Run;
        Changed = true;
      }
    }
  }
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls)
      if (C.Once)
        OnceDoneBy[Usr].insert(C.Callee);
  closeOverCalls(P, OnceDoneBy);
}

bool ProgramAnalysis::orderedByOnce(const FunctionFacts &FX, const AccessFact &X,
                                    const FunctionFacts &FY, const AccessFact &Y) const {
  auto It = OnceRun.find(FX.Usr);
  if (It == OnceRun.end())
    return false;
  auto Jt = OnceRun.find(FY.Usr);
  if (Jt != OnceRun.end() && Jt->second == It->second)
    return true;
  for (const CallFact &C : FY.Calls) {
    if (!writtenBefore(C.Where, Y.Where))
      continue;
    if (C.Once && C.Callee == It->second)
      return true;
    auto D = OnceDoneBy.find(C.Callee);
    if (D != OnceDoneBy.end() && D->second.count(It->second))
      return true;
  }
  (void)X;
  return false;
}

} // namespace parcheck
