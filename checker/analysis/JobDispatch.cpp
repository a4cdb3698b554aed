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
// Counted completions
//
// A dispatcher that waits for its jobs before it reuses what they read
// ('for (d..) { init(&ctx); for (k..) { start(&best); pool_add(pool, job,
// data); } wait(&best); destroy(&ctx); }') names the job before points it
// reaches again, so (2) fails there. The wait makes them ordered when it is a
// wait for a count the jobs count down:
//   * a count is a counter (a global or a member: CountFact) with the lock
//     held where it changes; the dispatching function counts it up, holding
//     that lock, before the naming call (itself or in a callee: 'start');
//   * each gate J of Y counts it down holding the lock ('--b->live' in
//     'finish(b)') in a call on every path of J, outside loops
//     (CallFact::Always), and Y runs before that call: in J written before
//     it, in a function J reaches only through calls written before it, or in
//     the count-down's own function holding the lock (the same critical
//     section: 'b->dict = ..' beside '--b->live');
//   * every path from the naming call to X (or to each later call of X's
//     function in the host) passes a call that waits for the count: a
//     condition wait on that lock in a loop whose condition reads the counter
//     ('while (b->live != 0) cond_wait(&b->cond, &b->mutex)'), or whose
//     predicate reads it ('cv.wait(lk, [&] { return live == 0; })'), in the
//     called function or its callees (FunctionFacts::NamingCuts,
//     extract/Cuts.cpp).
// Then every job named before X counted up before the wait and counted down
// after Y, so the wait returned after Y; jobs named after X are ordered by
// (2)'s argument. (3) still holds the threads to the dispatcher's call.
// Assumptions (not checked): the count counts these jobs only (no other
// thread counts it down for them); the count-up is on the naming call's path.
// A wait in a callee that waits only on some paths ('if (!b) return;') counts.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "analysis/CallClosure.h"

#include <algorithm>
#include <deque>
#include <optional>
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
  // Visited marks by function number (fnNumber), reset by a new stamp: what
  // a root reaches by direct calls, and what one first value call reaches.
  const unsigned N = numFunctions();
  std::vector<unsigned> DirectMark(N, 0), SeenMark(N, 0);
  unsigned DirectStamp = 0, SeenStamp = 0;
  std::vector<unsigned> Work;
  for (size_t B = 0; B < Roots.size(); ++B) {
    // What B reaches by direct calls alone, and the first value calls (their
    // numbers ascending: USR order).
    ++DirectStamp;
    std::vector<unsigned> First;
    if (unsigned E = fnNumber(Roots[B].Entry); E != NoFn) {
      DirectMark[E] = DirectStamp;
      Work.push_back(E);
    }
    while (!Work.empty()) {
      const FunctionFacts *F = Fns[Work.back()];
      Work.pop_back();
      auto VC = ValueCalls.find(F);
      if (VC == ValueCalls.end())
        VC = ValueCalls.emplace(F, valueCalls(*F)).first;
      for (size_t I = 0; I < F->Calls.size(); ++I) {
        unsigned C = fnNumber(F->Calls[I].Callee);
        if (C == NoFn)
          continue;
        if (VC->second[I])
          First.push_back(C);
        else if (DirectMark[C] != DirectStamp) {
          DirectMark[C] = DirectStamp;
          Work.push_back(C);
        }
      }
    }
    std::sort(First.begin(), First.end());
    First.erase(std::unique(First.begin(), First.end()), First.end());
    std::map<std::string, std::set<std::string>> &Out = Gates[B];
    for (unsigned J : First) {
      if (DirectMark[J] == DirectStamp)
        continue;
      SeenMark[J] = ++SeenStamp;
      Work.push_back(J);
      while (!Work.empty()) {
        unsigned Fn = Work.back();
        Work.pop_back();
        if (DirectMark[Fn] == DirectStamp)
          continue;
        Out[fnUsr(Fn)].insert(fnUsr(J));
        for (const CallFact &C : Fns[Fn]->Calls)
          if (unsigned CN = fnNumber(C.Callee); CN != NoFn && SeenMark[CN] != SeenStamp) {
            SeenMark[CN] = SeenStamp;
            Work.push_back(CN);
          }
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
  computeCompletions();
}

void ProgramAnalysis::computeCompletions() {
  for (const auto &[Usr, F] : P.Functions)
    for (const CountFact &C : F.Counts) {
      if (C.K == CountFact::Decrement || C.K == CountFact::Increment)
        for (const HeldLock &M : C.Held)
          (C.K == CountFact::Decrement ? CountDownsIn : CountUpsIn)[Usr].insert({C.Counter, M.Id});
      for (const LockOpFact &W : F.LockOps)
        if ((W.InLoop || W.Pred) && waitsInTest(C, W))
          CountWaitsIn[Usr].insert({C.Counter, W.Lock.Id});
    }
  if (CountDownsIn.empty() || CountWaitsIn.empty())
    return;
  closeOverCalls(P, CountDownsIn);
  closeOverCalls(P, CountUpsIn);
  closeOverCalls(P, CountWaitsIn);
  std::set<std::string> AllGates;
  for (const auto &G : Gates)
    for (const auto &[Fn, Js] : G)
      AllGates.insert(Js.begin(), Js.end());
  // S gets the seeds in Work and what they call, transitively.
  auto Close = [&](std::set<std::string> &S, std::deque<std::string> Work) {
    S.insert(Work.begin(), Work.end());
    while (!Work.empty()) {
      const FunctionFacts *F = function(Work.front());
      Work.pop_front();
      if (F)
        for (const CallFact &C : F->Calls)
          if (function(C.Callee) && S.insert(C.Callee).second)
            Work.push_back(C.Callee);
    }
  };
  for (const std::string &J : AllGates) {
    const FunctionFacts *FJ = function(J);
    if (!FJ)
      continue;
    for (const CallFact &K : FJ->Calls) {
      auto Down = CountDownsIn.find(K.Callee);
      if (!K.Always || K.InLoop || Down == CountDownsIn.end())
        continue;
      Completion Done{&K, Down->second, {}};
      std::set<std::string> After{J};
      std::deque<std::string> BeforeWork, AfterWork;
      for (const CallFact &D : FJ->Calls)
        if (function(D.Callee))
          (writtenBefore(D.Where, K.Where) ? BeforeWork : AfterWork).push_back(D.Callee);
      for (const CallFact &D : FJ->IndirectCalls)
        if (function(D.Callee))
          AfterWork.push_back(D.Callee);
      Close(Done.Before, std::move(BeforeWork));
      Close(After, std::move(AfterWork));
      for (const std::string &Fn : After)
        Done.Before.erase(Fn);
      Completions[J].push_back(std::move(Done));
    }
  }
}

std::set<ProgramAnalysis::Count> ProgramAnalysis::doneAfter(const std::string &J,
                                                            const FunctionFacts &FY,
                                                            const AccessFact &Y) const {
  std::set<Count> Out;
  auto It = Completions.find(J);
  if (It == Completions.end())
    return Out;
  for (const Completion &K : It->second) {
    if (FY.Usr == J ? writtenBefore(Y.Where, K.Signal->Where) : K.Before.count(FY.Usr) != 0) {
      Out.insert(K.Counts.begin(), K.Counts.end());
      continue;
    }
    // In the count-down's critical section.
    if (FY.Usr == K.Signal->Callee)
      for (const CountFact &C : FY.Counts)
        if (C.K == CountFact::Decrement)
          for (const HeldLock &M : C.Held)
            if (holdsLock(Y.Held, M.Id) && K.Counts.count({C.Counter, M.Id}))
              Out.insert({C.Counter, M.Id});
  }
  return Out;
}

bool ProgramAnalysis::completedBetween(const FunctionFacts &F, const CallFact &C,
                                       const std::set<Count> &Done, const FunctionFacts &FX,
                                       const AccessFact &X,
                                       const std::set<std::string> *Toward) const {
  if (Done.empty() || &C < F.Calls.data() || &C >= F.Calls.data() + F.Calls.size() ||
      &X < FX.Accesses.data() || &X >= FX.Accesses.data() + FX.Accesses.size())
    return false;
  const unsigned NI = unsigned(&C - F.Calls.data());
  const unsigned XI = unsigned(&X - FX.Accesses.data());
  for (const Count &V : Done) {
    // Counted up before the naming call, here or in a callee.
    bool Up = std::any_of(F.Counts.begin(), F.Counts.end(),
                          [&](const CountFact &I) {
                            return I.K == CountFact::Increment && I.Counter == V.first &&
                                   writtenBefore(I.Where, C.Where) && holdsLock(I.Held, V.second);
                          }) ||
              std::any_of(F.Calls.begin(), F.Calls.end(), [&](const CallFact &U) {
                auto It = CountUpsIn.find(U.Callee);
                return writtenBefore(U.Where, C.Where) && It != CountUpsIn.end() &&
                       It->second.count(V);
              });
    if (!Up)
      continue;
    // Reached from the naming call only through a wait for the count: in F,
    // or (X's own function called) in FX after such a wait on every path.
    auto Cut = [&](const FunctionFacts &In, unsigned From, bool Access, unsigned I) {
      for (const FunctionFacts::NamingCut &W : In.NamingCuts) {
        if (W.Naming != From)
          continue;
        auto It = CountWaitsIn.find(In.Calls[W.Cut].Callee);
        const ThinVec<unsigned> &L = Access ? W.Accesses : W.Calls;
        if (It != CountWaitsIn.end() && It->second.count(V) &&
            std::find(L.begin(), L.end(), I) != L.end())
          return true;
      }
      return false;
    };
    if (!Toward) {
      if (Cut(F, NI, true, XI))
        return true;
      continue;
    }
    const bool WaitsInFX = Cut(FX, FunctionFacts::NamingCut::Entry, true, XI);
    bool All = true;
    for (size_t I = 0; I < F.Calls.size() && All; ++I)
      if (Toward->count(F.Calls[I].Callee) && callMayPrecede(C, F.Calls[I].Where, false))
        All = Cut(F, NI, false, unsigned(I)) || (F.Calls[I].Callee == FX.Usr && WaitsInFX);
    if (All)
      return true;
  }
  return false;
}

bool ProgramAnalysis::dispatchedAfter(size_t A, const FunctionFacts &FX, const AccessFact &X,
                                      size_t B, const FunctionFacts &FY,
                                      const AccessFact &Y) const {
  if (A == B || Roots[A].Many || B >= Gates.size())
    return false;
  auto GI = Gates[B].find(FY.Usr);
  if (GI == Gates[B].end() || GI->second.empty())
    return false;
  // (2) every gate named only after X: in FX, or in a host whose calls that
  // lead to FX (Up: FX and its callers, transitively) all come before it
  // names the gate.
  std::optional<std::set<std::string>> Up;
  auto UpOf = [&]() -> const std::set<std::string> & {
    if (!Up) {
      Up.emplace(std::set<std::string>{FX.Usr});
      std::deque<std::string> Work{FX.Usr};
      while (!Work.empty()) {
        auto It = CalledFrom.find(Work.front());
        Work.pop_front();
        if (It != CalledFrom.end())
          for (const auto &[F, C] : It->second)
            if (Up->insert(F->Usr).second)
              Work.push_back(F->Usr);
      }
    }
    return *Up;
  };
  std::set<const FunctionFacts *> Hosts;
  for (const std::string &J : GI->second) {
    if (Unplaced.count(J))
      return false;
    auto N = Namings.find(J);
    if (N == Namings.end())
      return false;
    std::optional<std::set<Count>> Done; // what J counts down after Y
    for (const auto &[F, C] : N->second) {
      if (F == &FX ? callMayPrecede(*C, X.Where, false) : !callsOnlyBefore(*F, UpOf(), *C)) {
        // Named before X too: jobs counted done before X ('Counted
        // completions').
        if (!Done)
          Done = doneAfter(J, FY, Y);
        if (!completedBetween(*F, *C, *Done, FX, X, F == &FX ? nullptr : &UpOf()))
          return false;
      }
      Hosts.insert(F);
    }
  }
  if (!Hosts.count(&FX)) {
    // FX's other callers run only in A: inside a host's call through the
    // calls of it checked above, or outside every host's call (where the
    // gates' jobs live).
    auto Callers = CalledFrom.find(FX.Usr);
    if (Callers == CalledFrom.end())
      return false;
    for (const auto &[F, C] : Callers->second) {
      if (Hosts.count(F))
        continue;
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

bool ProgramAnalysis::callsOnlyBefore(const FunctionFacts &F,
                                      const std::set<std::string> &Toward,
                                      const CallFact &Naming) const {
  bool Any = false;
  for (const CallFact &C : F.Calls)
    if (Toward.count(C.Callee)) {
      if (&C == &Naming || callMayPrecede(Naming, C.Where, false))
        return false;
      Any = true;
    }
  return Any;
}

} // namespace parcheck
