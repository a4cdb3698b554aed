//===- HandOff.cpp - happens-before through hand-off of owned objects -----===//
//
// Hand-off through containers
//
// An object is owned by one thread at a time when it moves only by
// ownership transfer: made fresh, filled, then published into a
// lock-protected container (a queue, a free list); taken out of it by one
// thread under that lock (a dequeue, AccessFact::HandedOff; see
// extract/HandOff.cpp); used; published again. What the producer wrote
// before publishing happens before what the consumer does after taking,
// through the lock's release and acquire; and two threads that each took the
// object did so at different times, the second after the first published it
// again. So two accesses, each made while its thread owns the object (taken
// and not yet published again, or fresh and not yet published), never race.
// A fresh, unpublished object's accesses are private anyway (Ownership.cpp):
// the rule that remains is the pair of two taken accesses.
//
// An access after the object was published (the producer writing it after
// the enqueue, the consumer after putting it back) is not owned: it still
// races with the owner's.
//
// Known limits (unsound where a program breaks linear ownership):
//   * an object is taken to be in one container at a time: the same object
//     enqueued twice, or still referenced from elsewhere (a second index)
//     while a consumer owns it, is not seen;
//   * the take's lock is not compared with the publish's lock: a container
//     whose producer and consumer use different locks is not seen.
//
// Through parameters: the taker hands the object (or a part of it: '&req->
// stat', or the object around a link it took: container_of) to the functions
// it calls, directly or through a function value ('w->work(w)', the job's
// own function run on the job). Parameter I of F is taken in root R when
// every call of F on R's paths binds it to a taken object (CallFact::
// TakenArgs, not handed before to a callee that lets it go), or to an
// object the caller owns there (bindsOwned), or to a caller's parameter, or
// a part of one (CallFact::ParamParts), that is itself taken or owned in R:
// a greatest fixpoint, as for owned parameters (ParamOwnership.cpp). An
// access through a taken parameter is the owner's.
// Known limit: the callee is not checked for publishing the object again
// (a store of it in a shared place): its accesses after that still count as
// the owner's. The caller's accesses after handing it to a callee that lets
// it go are not (AccessFact::FreshVia).
//
// The producer's side: an access that every path follows with a put of its
// object into a container (and that no put precedes: AccessFact::
// BeforeHandOff, BeforeEnqueue, extract/HandOff.cpp) is the owner's too, as
// a fresh object's are before it is published. A put is a store into a
// link some function takes from (ContainerLinks) under a lock, or a call
// handing the object to a parameter that is put: stored so by its function
// (EnqueuingParams), stored into such a link by a callee the call holds a
// lock around (LinkingParams: 'post' calling 'uv__queue_insert_tail' under
// the pool's mutex), or handed on to such a parameter (a least fixpoint over
// the calls, the object passed itself or as a part: CallFact::ParamParts).
// Assumption: the producer owns what it is about to enqueue. Limits: a
// helper that puts its parameter on some path only, or after reassigning
// it, counts as putting it.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "analysis/ParamWorklist.h"
#include "facts/Ids.h"

#include <algorithm>
#include <deque>

namespace parcheck {

bool ProgramAnalysis::takenAccess(size_t R, const std::string &Fn, const AccessFact &A,
                                  const CallSite *Site) const {
  if (A.HandedOff && freshVia(A.FreshVia))
    return true;
  if (beforeEnqueue(A))
    return true;
  if (A.ViaParam < 0 || R >= TakenParams.size())
    return false;
  return takenParamAt(R, Fn, unsigned(A.ViaParam), Site);
}

bool ProgramAnalysis::takenParamAt(size_t R, const std::string &Fn, unsigned I,
                                   const CallSite *Site) const {
  if (TakenParams[R].count(paramId(Fn, I)))
    return true;
  if (!Site)
    return false;
  // Through one call: it hands over a taken object, or its caller's own
  // parameter (or a part of one) that is taken or owned in R, or taken
  // through the call into the caller (a deeper split).
  const CallFact &C = *Site->Call;
  if (std::find(C.TakenArgs.begin(), C.TakenArgs.end(), I) != C.TakenArgs.end())
    return freshVia(C.TakenVia);
  const std::string &Caller = Site->Caller->Usr;
  auto Mine = [&](unsigned P) {
    Id Pid = paramId(Caller, P);
    return TakenParams[R].count(Pid) || OwnedParams[R].count(Pid) ||
           (Site->Outer && takenParamAt(R, Caller, P, Site->Outer.get()));
  };
  bool Any = false;
  if (I < C.Args.size() && C.Args[I].K == ObjRef::Param)
    if (std::optional<unsigned> PI = paramIndex(C.Args[I].Id, Caller)) {
      if (!Mine(*PI))
        return false;
      Any = true;
    }
  for (const auto &[Arg, P] : C.ParamParts)
    if (Arg == I) {
      if (!Mine(P))
        return false;
      Any = true;
    }
  return Any;
}

bool ProgramAnalysis::handedOff(size_t RX, const std::string &FX, const AccessFact &X,
                                size_t RY, const std::string &FY, const AccessFact &Y,
                                const CallSite *SX, const CallSite *SY) const {
  return takenAccess(RX, FX, X, SX) && takenAccess(RY, FY, Y, SY);
}

std::set<Id> ProgramAnalysis::takenParams(size_t R, LazyCallEdges &Edges) const {
  using Edge = CallEdge;
  // The caller parameter argument I of C is bound to, or a part of.
  auto CallerParams = [](const Edge &E, unsigned I) {
    std::vector<unsigned> Out;
    if (I < E.C->Args.size() && E.C->Args[I].K == ObjRef::Param)
      if (std::optional<unsigned> PI = paramIndex(E.C->Args[I].Id, *E.Caller))
        Out.push_back(*PI);
    for (const auto &[Arg, Param] : E.C->ParamParts)
      if (Arg == I)
        Out.push_back(Param);
    return Out;
  };
  // Candidates: the parameters accesses go through, and, transitively, the
  // callers' parameters bound to them.
  std::map<Id, std::pair<std::string, unsigned>> Taken;
  std::deque<std::pair<std::string, unsigned>> Work;
  auto Add = [&](const std::string &Fn, unsigned I) {
    if (Fn != Roots[R].Entry && Taken.emplace(paramId(Fn, I), std::make_pair(Fn, I)).second)
      Work.push_back({Fn, I});
  };
  for (const auto &[Usr, Rc] : Reached[R])
    if (const FunctionFacts *F = function(Usr))
      for (const AccessFact &A : F->Accesses)
        if (A.ViaParam >= 0)
          Add(Usr, unsigned(A.ViaParam));
  if (Taken.empty())
    return {};
  const CallsInto<Edge> &In = *Edges;
  while (!Work.empty()) {
    auto [Fn, I] = Work.front();
    Work.pop_front();
    if (auto It = In.find(Fn); It != In.end())
      for (const Edge &E : It->second)
        for (unsigned P : CallerParams(E, I))
          Add(*E.Caller, P);
  }
  const std::set<Id> &Owned = OwnedParams[R];
  // Every binding a caller parameter in Set (or an owned one), or a part of one.
  using ParamSet = std::map<Id, std::pair<std::string, unsigned>>;
  auto ParamsIn = [&](const Edge &E, unsigned I, const ParamSet &Set, const ParamSet *Or) {
    std::vector<unsigned> Ps = CallerParams(E, I);
    for (unsigned P : Ps) {
      Id Pid = paramId(*E.Caller, P);
      if (!Set.count(Pid) && !Owned.count(Pid) && !(Or && Or->count(Pid)))
        return false;
    }
    return !Ps.empty();
  };
  // Local-bound: every call binds the parameter to a local of the caller's
  // activation (or to such a parameter): the activation's own object, made
  // there as a fresh one is ('uv_fs_open(NULL, &fs_req, ..)' running the
  // request's work synchronously). Not taken by itself: it only lets a
  // function on taken objects also be called on one (below).
  auto LocalArg = [](const Edge &E, unsigned I) {
    if (I >= E.C->Args.size())
      return false;
    const ObjRef &O = E.C->Args[I];
    return (O.K == ObjRef::Class && O.Obj.kind() == IdKind::Local) ||
           (O.K == ObjRef::Var && O.Id.kind() == IdKind::Local);
  };
  // An object the caller owns at the call (fresh and unpublished, or a
  // private local: bindsOwned) is as good: 'cctx = ZSTD_createCCtx();
  // ZSTD_compress_usingCDict(cctx, ..)' beside a job's cctx taken from the
  // pool.
  auto OwnedArg = [&](const Edge &E, unsigned I) { return ownedArg(R, *E.Caller, *E.C, I); };
  ParamSet LocalBound = Taken;
  greatestFixpoint(In, LocalBound, [&](const Edge &E, unsigned I) {
    return LocalArg(E, I) || OwnedArg(E, I) || ParamsIn(E, I, LocalBound, nullptr);
  });
  for (const auto &[P, FnI] : LocalBound)
    Taken.erase(P);
  greatestFixpoint(In, Taken, [&](const Edge &E, unsigned I) {
    const CallFact &C = *E.C;
    if (std::find(C.TakenArgs.begin(), C.TakenArgs.end(), I) != C.TakenArgs.end())
      return freshVia(C.TakenVia);
    return OwnedArg(E, I) || ParamsIn(E, I, Taken, &LocalBound);
  });
  std::set<Id> Out;
  for (const auto &[P, FnI] : Taken)
    Out.insert(P);
  return Out;
}

void ProgramAnalysis::computeEnqueues() {
  for (const auto &[Usr, F] : P.Functions)
    ContainerLinks.insert(F.TakeLinks.begin(), F.TakeLinks.end());
  for (const auto &[Usr, F] : P.Functions) {
    for (const auto &[I, L] : F.LinkedParams)
      if (ContainerLinks.count(L))
        LinkingParams.insert(paramId(Usr, I));
    for (const auto &[I, L] : F.EnqueuedParams)
      if (ContainerLinks.count(L))
        EnqueuingParams.insert(paramId(Usr, I));
  }
  // A caller's parameter handed (itself, or a part of its object) to a
  // linking parameter links it too; to an enqueuing one, or to a linking one
  // with a lock held at the call, enqueues it.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &Fn : P.Functions)
      for (const CallFact &C : Fn.second.Calls) {
        const std::string &Usr = Fn.first;
        auto Bound = [&](unsigned J) {
          std::vector<Id> Out;
          if (J < C.Args.size() && C.Args[J].K == ObjRef::Param && isParamOf(C.Args[J].Id, Usr))
            Out.push_back(C.Args[J].Id);
          for (const auto &[Arg, Param] : C.ParamParts)
            if (Arg == J)
              Out.push_back(paramId(Usr, Param));
          return Out;
        };
        size_t N = std::max(C.Args.size(), C.ParamParts.empty() ? size_t(0)
                                                                : size_t(1 + std::max_element(
                                                                      C.ParamParts.begin(),
                                                                      C.ParamParts.end())->first));
        for (unsigned J = 0; J < N; ++J) {
          Id Callee = paramId(C.Callee, J);
          bool Links = LinkingParams.count(Callee) != 0;
          bool Puts = EnqueuingParams.count(Callee) || (Links && !C.Held.empty());
          if (!Links && !Puts)
            continue;
          for (const Id &Mine : Bound(J)) {
            if (Links)
              Changed = LinkingParams.insert(Mine).second || Changed;
            if (Puts)
              Changed = EnqueuingParams.insert(Mine).second || Changed;
          }
        }
      }
  }
}

bool ProgramAnalysis::beforeEnqueue(const AccessFact &A) const {
  for (const Id &L : A.BeforeEnqueue)
    if (ContainerLinks.count(L))
      return true;
  for (const AccessFact::HandOffCall &C : A.BeforeHandOff)
    if (EnqueuingParams.count(C.Param) || (C.Locked && LinkingParams.count(C.Param)))
      return true;
  return false;
}

} // namespace parcheck
