//===- LoopConfinement.cpp - objects confined to one event loop -----------===//
//
// Loop confinement
//
// Members reached through pointers are named by their class ('conn::state'),
// so the accesses of two threads to two different objects of one class look
// like one location. In an event-loop server, per-connection objects are the
// common case: main's loop runs the handler on its listening connections, each
// worker's loop runs the same handler on the client connections registered
// with that worker's base, and no connection is in two loops at once.
//
// The rule (thread confinement, as RacerD's ownership and Goblint's
// per-object reasoning split objects, here split by the loop that owns them):
// an object handed to a callback by an event loop on base B is an object
// registered with B (libevent's 'arg', a libuv handle), whatever the
// registration named as the base: a loop runs only the events in its base
// (memcached's update_event re-registers on 'c->event.ev_base', a base the
// event slots cannot name; its callbacks are still run only by the loop of
// the base the connection is in). In root R, pointer
// parameter p of function F has the domain B when every call that
// binds p on R's paths is
//   * a call of F as a callback by R's loop on base B (loopBaseOf), or
//   * a direct call passing a parameter of the caller that has domain B in R
//     (transitively; a greatest fixpoint, so recursion keeps the domain),
// and no registration of F as a callback names a shared object: a global
// (also through a member or an element: '&g.ev', 'g_ptr->ev', 'g[i]'), an
// object not named by a variable (a call's result), or a parameter some call
// binds to a named variable (transitively through parameters). A member
// access through such a parameter (AccessFact::ViaParam) is to an object of
// B's loop. Two class-level
// accesses whose domains are two different bases are to two different objects
// and are never paired (RaceCheck.cpp); an access with no domain (through a
// global, 'conns[i]->state', a queue, the thread's argument) is paired with
// every object of its class, as before.
//
// Soundness: this assumes what libevent and libuv require of a program, that
// an object is registered with one base at a time (an event is added to one
// base; a libuv handle belongs to the loop it was initialised on), and that
// an object moved to another base (a connection closed and its slot reused by
// another worker) is handed over with an order the checker does not see (the
// kernel's descriptor reuse, a locked queue). A program that registers one
// heap object, reached through local pointers, with two bases at once has
// its races on that object missed. Two roots whose loops name the same base
// (a member 'worker::base' of every worker) share a domain: instances of one
// root, or two roots on one base, are paired as before.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "analysis/ParamWorklist.h"
#include "facts/EventSlots.h"
#include "facts/Ids.h"

#include <deque>

namespace parcheck {

/// Parameters some call binds to a named variable (a global or a local, also
/// as a record passed by address: ObjRef::Class's Obj), directly or through
/// the callers' own parameters.
static std::set<Id> namedParams(const Program &P) {
  std::set<Id> Named;
  auto Names = [&](const ObjRef &O) {
    return O.K == ObjRef::Var || (O.K == ObjRef::Class && !O.Obj.empty()) ||
           (O.K == ObjRef::Param && Named.count(O.Id));
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions) {
      for (const CallFact &C : F.Calls)
        for (size_t I = 0; I < C.Args.size(); ++I)
          if (!C.Callee.empty() && Names(C.Args[I]))
            Changed = Named.insert(paramId(C.Callee, unsigned(I))).second || Changed;
      for (const SpawnFact &S : F.Spawns)
        for (size_t I = 0; I < S.Args.size(); ++I)
          if (!S.Entry.empty() && Names(S.Args[I]))
            Changed = Named.insert(paramId(S.Entry, unsigned(I))).second || Changed;
    }
  }
  return Named;
}

void ProgramAnalysis::computeLoopConfinement() {
  // Callbacks registered with a shared object, or through a function value
  // not named (then every callback, to be safe).
  std::set<Id> Named = namedParams(P);
  std::set<std::string> SharedArg;
  bool AllShared = false;
  for (const FnStore &S : P.FnStores) {
    std::optional<Id> Obj = registeredObjectOf(S.Slot);
    if (!Obj)
      continue;
    bool Shared = *Obj == unknownRegisteredObject() || Obj->kind() == IdKind::Usr ||
                  (Obj->kind() == IdKind::Param && Named.count(*Obj));
    if (!Shared)
      continue;
    if (S.Value.Fn.empty())
      AllShared = true;
    else
      SharedArg.insert(S.Value.Fn);
  }
  computeLoopContexts(Named, AllShared ? nullptr : &SharedArg);
  RegDomains.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R)
    RegDomains[R] = regDomains(R);
  LoopDomains.assign(Roots.size(), {});
  if (AllShared)
    return;
  if (!HasLoopSlotCalls)
    return; // no root has a loop: every loopDomains() would be empty
  for (size_t R = 0; R < Roots.size(); ++R)
    LoopDomains[R] = loopDomains(R, SharedArg);
}

/// The base B of the event loop that makes call C of F, a callback it runs:
/// F made a call through loopSlotOfBase(B) at C's place (the analysis turns
/// a loop's calls through its base's slot and through the unknown base's
/// slot into calls of the callbacks, at the loop's place). Both count: a
/// loop on B runs only the events in B, however their registration named the
/// base. Empty when C is no such call.
Id loopBaseOf(const FunctionFacts &F, const CallFact &C) {
  if (!C.Args.empty())
    return {};
  for (const CallFact &D : F.IndirectCalls)
    if (D.Where == C.Where)
      if (std::optional<Id> B = baseOfLoopSlot(D.Through))
        return *B;
  return {};
}

namespace {
/// A parameter's domain in the fixpoint: not yet known (Top), one base, or
/// none (Bottom).
struct Domain {
  enum State { Top, Base, Bottom } S = Top;
  Id B;
  bool operator==(const Domain &O) const { return S == O.S && B == O.B; }
  bool operator!=(const Domain &O) const { return !(*this == O); }
};

/// The greatest fixpoint of the parameters' domains (Dom: every one Top at
/// first; Params: each one's function and index): a parameter's domain is
/// the meet, over the calls into its function (In), of what each binds it to
/// (Binds(E, I), which reads Dom; Top: not known yet). The parameters that
/// end on one base, with that base.
template <typename Edge, typename BindFn>
std::map<Id, Id> solveDomains(std::map<Id, Domain> &Dom,
                              const std::map<Id, std::pair<std::string, unsigned>> &Params,
                              const CallsInto<Edge> &In, BindFn Binds) {
  const Domain None{Domain::Bottom, Id()};
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto &[P, D] : Dom) {
      if (D.S == Domain::Bottom)
        continue;
      const auto &[Fn, I] = Params.at(P);
      auto InIt = In.find(Fn);
      Domain Meet = InIt == In.end() ? None : Domain{};
      if (InIt != In.end())
        for (const Edge &E : InIt->second) {
          Domain B = Binds(E, I);
          if (B.S == Domain::Top)
            continue;
          if (Meet.S == Domain::Top)
            Meet = B;
          else if (Meet != B)
            Meet = None;
          if (Meet.S == Domain::Bottom)
            break;
        }
      if (Meet != D) {
        D = Meet;
        Changed = true;
      }
    }
  }
  std::map<Id, Id> Out;
  for (const auto &[P, D] : Dom)
    if (D.S == Domain::Base)
      Out.emplace(P, D.B);
  return Out;
}
} // namespace

std::map<Id, Id> ProgramAnalysis::loopDomains(size_t R,
                                              const std::set<std::string> &SharedArg) const {
  struct Edge {
    const std::string *Caller;
    const CallFact *C;
    Id LoopBase; ///< The call is R's loop on this base running a callback.
  };
  CallsInto<Edge> In = callsInto<Edge>(
      *this, R, [](const std::string &Usr, const FunctionFacts &F, const CallFact &C) {
        return Edge{&Usr, &C, loopBaseOf(F, C)};
      });
  bool AnyLoop = false;
  for (const auto &[Callee, Edges] : In)
    for (const Edge &E : Edges)
      AnyLoop = AnyLoop || !E.LoopBase.empty();
  if (!AnyLoop)
    return {};

  // Candidates: the class-level accesses' parameters, and the callers'
  // parameters bound to them (ParamWorklist.h).
  std::map<Id, std::pair<std::string, unsigned>> Params =
      accessedParams(*this, R, In, [](const AccessFact &A) { return A.ClassLevel; });

  std::map<Id, Domain> Dom;
  for (const auto &[P, FnI] : Params)
    Dom[P] = Domain{};
  const Domain None{Domain::Bottom, Id()};
  // What edge E binds parameter I of its callee to.
  auto Binds = [&](const Edge &E, unsigned I) -> Domain {
    const CallFact &C = *E.C;
    if (!E.LoopBase.empty())
      return SharedArg.count(C.Callee) ? None : Domain{Domain::Base, E.LoopBase};
    if (I >= C.Args.size() || C.Args[I].K != ObjRef::Param)
      return None;
    std::optional<unsigned> PI = paramIndex(C.Args[I].Id, *E.Caller);
    if (!PI)
      return None;
    auto It = Dom.find(paramId(*E.Caller, *PI));
    return It == Dom.end() ? None : It->second;
  };
  return solveDomains(Dom, Params, In, Binds);
}

/// Registration confinement: root R's access through a local whose object
/// F registers with an event on the base F's parameter k names
/// (AccessFact::RegBase) is to an object of the loop on the base every call
/// of F on R's paths passes there: a base a caller names ('main_base',
/// 'me->base'), or the caller's own base parameter, followed the same way (a
/// greatest fixpoint, as loopDomains).
std::map<Id, Id> ProgramAnalysis::regDomains(size_t R) const {
  struct Edge {
    const std::string *Caller;
    const CallFact *C;
  };
  auto BaseArg = [](const Edge &E, unsigned I) -> const Id * {
    for (const auto &[J, B] : E.C->BaseArgs)
      if (J == I)
        return &B;
    return nullptr;
  };
  std::map<Id, std::pair<std::string, unsigned>> Params;
  std::deque<std::pair<std::string, unsigned>> Work;
  auto Add = [&](const std::string &Fn, unsigned I) {
    if (Fn != Roots[R].Entry && Params.emplace(paramId(Fn, I), std::make_pair(Fn, I)).second)
      Work.push_back({Fn, I});
  };
  for (const auto &[Usr, Rc] : Reached[R])
    if (const FunctionFacts *F = function(Usr))
      for (const AccessFact &A : F->Accesses)
        if (A.RegBase >= 0 && A.ClassLevel)
          Add(Usr, unsigned(A.RegBase));
  if (Params.empty())
    return {}; // before the call map: most roots have no such access
  CallsInto<Edge> In = callsInto<Edge>(
      *this, R,
      [](const std::string &Usr, const FunctionFacts &, const CallFact &C) {
        return Edge{&Usr, &C};
      });
  while (!Work.empty()) {
    auto [Fn, I] = Work.front();
    Work.pop_front();
    if (auto It = In.find(Fn); It != In.end())
      for (const Edge &E : It->second)
        if (const Id *B = BaseArg(E, I))
          if (std::optional<unsigned> PI = paramIndex(*B, *E.Caller))
            Add(*E.Caller, *PI);
  }
  std::map<Id, Domain> Dom;
  for (const auto &[P, FnI] : Params)
    Dom[P] = Domain{};
  const Domain None{Domain::Bottom, Id()};
  auto Binds = [&](const Edge &E, unsigned I) -> Domain {
    const Id *B = BaseArg(E, I);
    if (!B)
      return None;
    if (std::optional<unsigned> PI = paramIndex(*B, *E.Caller)) {
      auto It = Dom.find(paramId(*E.Caller, *PI));
      return It == Dom.end() ? None : It->second;
    }
    if (B->kind() == IdKind::Param)
      return None;
    return Domain{Domain::Base, *B};
  };
  return solveDomains(Dom, Params, In, Binds);
}

Id ProgramAnalysis::loopDomain(size_t R, const std::string &Fn, const AccessFact &A,
                               bool *Split) const {
  if (Split)
    *Split = false;
  if (!A.ClassLevel)
    return {};
  if (A.ViaParam >= 0 && R < LoopDomains.size()) {
    auto It = LoopDomains[R].find(paramId(Fn, unsigned(A.ViaParam)));
    if (It != LoopDomains[R].end())
      return It->second;
  }
  if (A.RegBase >= 0 && R < RegDomains.size()) {
    auto It = RegDomains[R].find(paramId(Fn, unsigned(A.RegBase)));
    if (It != RegDomains[R].end())
      return It->second;
  }
  return loopContextDomain(R, Fn, A, Split);
}

} // namespace parcheck
