//===- ParamWorklist.h - parameters accesses reach, through callers -*- C++ -*-===//
//
// Ownership through parameters (ParamOwnership.cpp) and loop confinement
// (LoopConfinement.cpp) are per-root greatest fixpoints over one kind of
// candidate: the parameters that accesses of root R's functions go through
// (AccessFact::ViaParam), and the callers' parameters bound to them,
// transitively over the calls made in R. This header is that reverse call
// map and that worklist, written once; each analysis supplies its edge record
// (what else it needs to know of a call) and which accesses count.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_PARAMWORKLIST_H
#define PARCHECK_PARAMWORKLIST_H

#include "analysis/Analysis.h"
#include "facts/Ids.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parcheck {

/// The calls made inside one root, by callee: callee USR -> every call of it
/// by a function the root reaches, when the callee is reached too. Edge has
/// at least `const std::string *Caller` (the caller's USR, a key of
/// ProgramAnalysis::Reached, so it outlives the map) and `const CallFact *C`.
/// A hash map keyed by the calls' own Callee strings (the facts outlive it):
/// it is looked up per callee and walked only by order-free passes (the
/// fixpoints, an any-of), so it needs no tree of copied keys.
template <class Edge> using CallsInto = llvm::DenseMap<llvm::StringRef, std::vector<Edge>>;

/// CallsInto for root R. Make(CallerUsr, CallerFacts, Call) returns the
/// Edge of one call; edges are in Reached[R]'s order, then the caller's.
template <class Edge, class MakeEdge>
CallsInto<Edge> callsInto(const ProgramAnalysis &PA, size_t R, MakeEdge Make) {
  const ReachMap &M = PA.Reached[R];
  CallsInto<Edge> In;
  for (const auto &[Usr, Rc] : M)
    if (const FunctionFacts *F = PA.function(Usr))
      for (const CallFact &C : F->Calls)
        if (M.count(C.Callee) && !PA.deadCall(R, C))
          In[C.Callee].push_back(Make(Usr, *F, C));
  return In;
}

/// The plain edge: the caller and the call.
struct CallEdge {
  const std::string *Caller;
  const CallFact *C;
};

/// CallsInto of plain edges for root R.
inline CallsInto<CallEdge> callEdgesInto(const ProgramAnalysis &PA, size_t R) {
  return callsInto<CallEdge>(PA, R,
                             [](const std::string &Usr, const FunctionFacts &, const CallFact &C) {
                               return CallEdge{&Usr, &C};
                             });
}

/// callEdgesInto(PA, R), made on first use and then kept: the per-root
/// parameter sets of computeOwnership (owned, fresh-member, taken) share one,
/// and a root none of whose accesses goes through a parameter never makes it.
/// Making one hashes the callee of every call the root's functions make.
class LazyCallEdges {
public:
  LazyCallEdges(const ProgramAnalysis &PA, size_t R) : PA(&PA), R(R) {}
  const CallsInto<CallEdge> &operator*() {
    if (!In)
      In = callEdgesInto(*PA, R);
    return *In;
  }

private:
  const ProgramAnalysis *PA;
  size_t R;
  std::optional<CallsInto<CallEdge>> In;
};

/// The map behind a CallsInto or a LazyCallEdges (made now if it was not).
template <class Edge> const CallsInto<Edge> &edgesOf(const CallsInto<Edge> &In) { return In; }
inline const CallsInto<CallEdge> &edgesOf(LazyCallEdges &In) { return *In; }

/// The candidates of root R: "param:<fn>#i" -> (fn, i) for each parameter an
/// access A of a reached function goes through where Counts(A) holds (A has
/// ViaParam >= 0), and, transitively, each parameter of a caller that an
/// edge of In passes as that argument (an ObjRef::Param of the caller's own).
/// R's entry's parameters are never candidates: its argument comes from the
/// thread that creates it.
template <class InT, class AccessPred>
std::map<Id, std::pair<std::string, unsigned>>
accessedParams(const ProgramAnalysis &PA, size_t R, InT &In, AccessPred Counts) {
  std::map<Id, std::pair<std::string, unsigned>> Params;
  std::deque<std::pair<std::string, unsigned>> Work;
  auto Add = [&](const std::string &Fn, unsigned I) {
    if (Fn != PA.Roots[R].Entry && Params.emplace(paramId(Fn, I), std::make_pair(Fn, I)).second)
      Work.push_back({Fn, I});
  };
  for (const auto &[Usr, Rc] : PA.Reached[R])
    if (const FunctionFacts *F = PA.function(Usr))
      for (const AccessFact &A : F->Accesses)
        if (A.ViaParam >= 0 && Counts(A))
          Add(Usr, unsigned(A.ViaParam));
  while (!Work.empty()) {
    auto [Fn, I] = Work.front();
    Work.pop_front();
    const auto &Map = edgesOf(In);
    auto It = Map.find(Fn);
    if (It == Map.end())
      continue;
    for (const auto &E : It->second)
      if (I < E.C->Args.size() && E.C->Args[I].K == ObjRef::Param)
        if (std::optional<unsigned> PI = paramIndex(E.C->Args[I].Id, *E.Caller))
          Add(*E.Caller, *PI);
  }
  return Params;
}

/// Removes from Set each parameter some call of CallsInto In does not bind
/// as Binds(edge, index) says, until none is removed (a greatest fixpoint).
template <class Edge, class BindsFn>
void greatestFixpoint(const CallsInto<Edge> &In,
                      std::map<Id, std::pair<std::string, unsigned>> &Set, BindsFn Binds) {
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto It = Set.begin(); It != Set.end();) {
      const auto &[Fn, I] = It->second;
      auto InIt = In.find(Fn);
      bool Keep = InIt != In.end();
      if (Keep)
        for (const Edge &E : InIt->second)
          Keep = Keep && Binds(E, I);
      if (Keep) {
        ++It;
        continue;
      }
      It = Set.erase(It);
      Changed = true;
    }
  }
}

} // namespace parcheck

#endif
