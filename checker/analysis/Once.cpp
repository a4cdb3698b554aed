//===- Once.cpp - happens-before through pthread_once ---------------------===//
#include "analysis/Analysis.h"
#include "analysis/CallClosure.h"

#include <tuple>

namespace parcheck {

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
  OnceRun.clear();
  OnceDoneBy.clear();
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

// Threads started by a once run
//
// A thread created inside the run of a once-callback exists only once that
// run has begun, so no instance of it runs the callback: a once-call of it
// there returns (at once, or when the run completes) without running it. The
// thread's reach (Analysis.cpp, reach) skips such once-calls, so what only
// the run does (libuv's init_once writing 'nthreads', then starting the pool
// workers that call uv_once(&once, init_once) again) is not the workers' code.
// A thread is taken to be created in the run when every place its entry
// function is named (a spawn's entry, a function value passed to a call or
// stored) is in a function of the run. Known limits: threads that threads of
// the run create are not covered; the guard is not compared (as above).

bool ProgramAnalysis::startedInRun(size_t R, const std::string &Cb) const {
  const std::string &Entry = Roots[R].Entry;
  if (Roots[R].IsMain || Roots[R].Sites.empty())
    return false;
  auto InRun = [&](const std::string &Fn) {
    if (Fn == Cb)
      return true;
    auto It = OnceRun.find(Fn);
    return It != OnceRun.end() && It->second == Cb;
  };
  for (const FnStore &S : P.FnStores)
    if (S.Value.Fn == Entry)
      return false;
  bool Named = false;
  for (const auto &[Usr, F] : P.Functions) {
    bool Here = false;
    for (const SpawnFact &S : F.Spawns)
      Here = Here || (S.Entry == Entry && S.EntrySlot.empty());
    for (const CallFact &C : F.Calls)
      for (const FnArg &A : C.FnArgs)
        Here = Here || A.Value.Fn == Entry;
    for (const CallFact &C : F.IndirectCalls)
      for (const FnArg &A : C.FnArgs)
        Here = Here || A.Value.Fn == Entry;
    if (Here && !InRun(Usr))
      return false;
    Named = Named || Here;
  }
  return Named;
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
