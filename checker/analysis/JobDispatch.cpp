//===- JobDispatch.cpp - happens-before from handing a job over -----------===//
//
// Happens-before through a job hand-off
//
// A pool thread runs a job's function only through a function value: the
// function is named ('pool_add(pool, try_params, data)') where the job is
// handed over, stored in a queue entry, and called by the worker through it
// ('job.function(job.opaque)'; FunctionValues.h resolves that call). The
// worker can not run the job's code before the value exists, so what the
// dispatching function did before it named the job happens before the job:
// 'level = n; for (..) pool_add(pool, job, d);' against a read of 'level' in
// the job does not race, though the pool's threads were already started.
//
// Root B's access in G is ordered after A's access X (in function FX) when
//   (1) B reaches G only through calls of function values (its "gates": the
//       first function reached through a value call on each path from B's
//       entry; G itself, when it is one), never by direct calls alone;
//   (2) every gate is named only as an argument of calls in FX written
//       after X (not in a loop around X), never stored by name into a slot
//       (a global table, a member: no location is known for those), never
//       a thread's entry; or, X being in a callee FX, every gate is named
//       only in host functions that call FX only before the naming call
//       (zstd's 'COVER_best_init(&best)' before 'POOL_add(pool,
//       COVER_tryParameters, data)'); FX's other callers run only in A and
//       outside every host's call (not reached from a host);
//   (3) FX (each host) runs only in root A, which has one instance, and the
//       B threads that can run a gate live only inside its call: none of
//       A's B threads runs at its entry and none outlives its return (a pool
//       made and freed inside, the create and join in helpers seen as in
//       Concurrency.cpp), and only A creates B threads. A second call then
//       finds no worker still running the first call's jobs.
// Known limit: a job left in a queue that outlives FX's pool (handed over,
// never run, and taken by the next call's new workers) is not modelled.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"

#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace parcheck {

namespace {

/// Which of F's calls (one flag per call of F.Calls) are calls through a
/// function value: resolved from one of F's indirect calls (same position), or
/// a callback a library function is given there (another call at its position
/// passes the callee as a function value). The calls are grouped by position
/// once, so a function of n calls costs O(n log n), not n^2 as a per-call scan
/// of every call did (a thread entry calling 10,000 leaves).
std::vector<bool> valueCalls(const FunctionFacts &F) {
  struct ByPos {
    bool operator()(const SrcLoc *A, const SrcLoc *B) const {
      return std::tie(A->Line, A->Col, A->File) < std::tie(B->Line, B->Col, B->File);
    }
  };
  std::set<const SrcLoc *, ByPos> Indirect;
  for (const CallFact &I : F.IndirectCalls)
    Indirect.insert(&I.Where);
  std::map<const SrcLoc *, std::vector<size_t>, ByPos> Naming; // calls passing values
  for (size_t D = 0; D < F.Calls.size(); ++D)
    if (!F.Calls[D].FnArgs.empty())
      Naming[&F.Calls[D].Where].push_back(D);
  std::vector<bool> Out(F.Calls.size(), false);
  for (size_t I = 0; I < F.Calls.size(); ++I) {
    const CallFact &C = F.Calls[I];
    if (Indirect.count(&C.Where)) {
      Out[I] = true;
      continue;
    }
    auto N = Naming.find(&C.Where);
    if (N == Naming.end())
      continue;
    for (size_t D : N->second)
      if (D != I)
        for (const FnArg &A : F.Calls[D].FnArgs)
          if (A.Value.Fn == C.Callee)
            Out[I] = true;
  }
  return Out;
}

} // namespace

void ProgramAnalysis::computeDispatch() {
  Gates.assign(Roots.size(), {});
  std::unordered_map<const FunctionFacts *, std::vector<bool>> ValueCalls; // per function, once
  for (size_t B = 0; B < Roots.size(); ++B) {
    // What B reaches by direct calls alone, and the first value calls.
    std::set<std::string> Direct{Roots[B].Entry}, First;
    std::deque<std::string> Work{Roots[B].Entry};
    while (!Work.empty()) {
      const FunctionFacts *F = function(Work.front());
      Work.pop_front();
      if (!F)
        continue;
      auto VC = ValueCalls.find(F);
      if (VC == ValueCalls.end())
        VC = ValueCalls.emplace(F, valueCalls(*F)).first;
      for (size_t I = 0; I < F->Calls.size(); ++I) {
        const CallFact &C = F->Calls[I];
        if (!function(C.Callee))
          continue;
        if (VC->second[I])
          First.insert(C.Callee);
        else if (Direct.insert(C.Callee).second)
          Work.push_back(C.Callee);
      }
    }
    std::map<std::string, std::set<std::string>> &Out = Gates[B];
    for (const std::string &J : First) {
      if (Direct.count(J))
        continue;
      std::set<std::string> Seen{J};
      std::deque<std::string> Todo{J};
      while (!Todo.empty()) {
        std::string Fn = Todo.front();
        Todo.pop_front();
        if (Direct.count(Fn))
          continue;
        Out[Fn].insert(J);
        if (const FunctionFacts *F = function(Fn))
          for (const CallFact &C : F->Calls)
            if (function(C.Callee) && Seen.insert(C.Callee).second)
              Todo.push_back(C.Callee);
      }
    }
  }
  for (const auto &[Usr, F] : P.Functions) {
    for (const auto *Calls : {&F.Calls, &F.IndirectCalls})
      for (const CallFact &C : *Calls)
        for (const FnArg &A : C.FnArgs)
          if (!A.Value.Fn.empty())
            Namings[A.Value.Fn].push_back({&F, &C});
    for (const SpawnFact &S : F.Spawns)
      Unplaced.insert(S.Entry);
  }
  for (const FnStore &S : P.FnStores)
    if (!S.Value.Fn.empty())
      Unplaced.insert(S.Value.Fn);
}

bool ProgramAnalysis::dispatchedAfter(size_t A, const FunctionFacts &FX, const AccessFact &X,
                                      size_t B, const std::string &G) const {
  if (A == B || Roots[A].Many || B >= Gates.size())
    return false;
  auto GI = Gates[B].find(G);
  if (GI == Gates[B].end() || GI->second.empty())
    return false;
  // (2) every gate named only after X: in FX, or in a host that calls FX
  // only before it names the gate (FX's every caller being such a host).
  std::set<const FunctionFacts *> Hosts;
  for (const std::string &J : GI->second) {
    if (Unplaced.count(J))
      return false;
    auto N = Namings.find(J);
    if (N == Namings.end())
      return false;
    for (const auto &[F, C] : N->second) {
      if (F == &FX ? callMayPrecede(*C, X.Where, false) : !callsOnlyBefore(*F, FX.Usr, *C))
        return false;
      Hosts.insert(F);
    }
  }
  if (!Hosts.count(&FX)) {
    // FX's other callers run outside every host's call (where the gates'
    // jobs live), and only in A.
    auto Callers = CalledFrom.find(FX.Usr);
    if (Callers == CalledFrom.end())
      return false;
    std::set<std::string> InHosts;
    std::deque<std::string> Work;
    for (const FunctionFacts *H : Hosts)
      Work.push_back(H->Usr);
    while (!Work.empty()) {
      const FunctionFacts *F = function(Work.front());
      Work.pop_front();
      if (F)
        for (const CallFact &C : F->Calls)
          if (InHosts.insert(C.Callee).second)
            Work.push_back(C.Callee);
    }
    for (const auto &[F, C] : Callers->second) {
      if (Hosts.count(F))
        continue;
      if (InHosts.count(F->Usr))
        return false;
      for (size_t R = 0; R < Roots.size(); ++R)
        if (R != A && Reached[R].count(F->Usr))
          return false;
    }
  }
  // (3) each host runs in A only; B's threads live inside its calls.
  for (const auto &[Site, By] : SiteCreators[B])
    for (size_t C : By)
      if (C != A)
        return false;
  for (const FunctionFacts *H : Hosts) {
    for (size_t R = 0; R < Roots.size(); ++R)
      if (R != A && Reached[R].count(H->Usr))
        return false;
    auto OnEntry = RunningOnEntry[A].find(H->Usr);
    auto Esc = Escaping.find(H->Usr);
    for (const Root::Site &S : Roots[B].Sites) {
      if (OnEntry == RunningOnEntry[A].end() || OnEntry->second.count(S.Spawn))
        return false;
      if (Esc != Escaping.end() && Esc->second.count(S.Spawn))
        return false;
    }
  }
  return true;
}

bool ProgramAnalysis::callsOnlyBefore(const FunctionFacts &F, const std::string &Callee,
                                      const CallFact &Naming) const {
  bool Any = false;
  for (const CallFact &C : F.Calls)
    if (C.Callee == Callee) {
      if (&C == &Naming || callMayPrecede(Naming, C.Where, false))
        return false;
      Any = true;
    }
  return Any;
}

} // namespace parcheck
