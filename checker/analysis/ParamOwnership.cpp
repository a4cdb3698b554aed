//===- ParamOwnership.cpp - objects a thread's callers own ----------------===//
//
// Ownership through parameters
//
// RacerD's ownership, carried into callees: an access through a parameter
// (p->f, p[i], *p; AccessFact::ViaParam) is to the object the caller passed.
// In root R that object is owned by R's thread when every call on R's paths
// binds the parameter to
//   * a local of the caller whose address goes only to calls that keep it
//     (PrivateLocals: 'get_len(&len)', 'deflate_engine(&strm)'),
//   * a fresh object not yet published ('p = malloc(..); init(p);',
//     CallFact::FreshArgs) that the callees it was handed to before keep, or
//   * a parameter of the caller that is itself owned in R (transitively),
// and the callee does not let the parameter escape (EscapingParams). Then
// two threads running the callee use two different objects, or one thread
// uses one that no other thread reaches yet: the access is private to R.
//
// R's entry is never owned (its argument comes from the creating thread), nor
// is a parameter some call of R binds to anything else, or that R reaches
// only through calls with no argument bindings (a function value called by a
// library). A greatest fixpoint: recursion through owned parameters is fine.
// Known limit: as for fresh objects and locals, library functions are taken
// not to publish what they are given (except the thread APIs).
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "analysis/ParamWorklist.h"
#include "facts/Ids.h"

#include <algorithm>

namespace parcheck {

namespace {

/// The hand-offs of C.FreshVia that can concern argument I. C.FreshVia is the
/// union over every fresh argument of C, and includes this call's own
/// parameters each of them is bound to; parameter J != I of the callee was
/// given another fresh object when argument J names a different fresh local
/// (two fresh locals are two objects: copying one into another variable
/// publishes it), so it does not publish argument I's object, unless another
/// call of Caller to the same callee passes I's object as argument J.
std::vector<Id> argVias(const FunctionFacts *Caller, const CallFact &C, unsigned I) {
  auto Heap = [&](unsigned J) -> const Id * {
    if (J >= C.Args.size() || C.Args[J].Id.empty() || idKind(C.Args[J].Id) != IdKind::Heap)
      return nullptr;
    return &C.Args[J].Id;
  };
  const Id *Mine = Heap(I);
  if (!Mine)
    return C.FreshVia;
  std::vector<Id> Out;
  for (const Id &Via : C.FreshVia) {
    bool Other = false;
    for (unsigned J : C.FreshArgs)
      if (J != I && Via == paramId(C.Callee, J))
        if (const Id *Theirs = Heap(J); Theirs && *Theirs != *Mine)
          Other = true;
    if (Other && Caller)
      for (const CallFact &D : Caller->Calls)
        if (&D != &C && D.Callee == C.Callee)
          for (size_t J = 0; J < D.Args.size(); ++J)
            if (D.Args[J].Id == *Mine && Via == paramId(C.Callee, unsigned(J)))
              Other = false;
    if (!Other)
      Out.push_back(Via);
  }
  return Out;
}

} // namespace

void ProgramAnalysis::computeOwnership() {
  computeEnqueues();
  OwnedParams.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R)
    OwnedParams[R] = ownedParams(R);
  TakenParams.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R)
    TakenParams[R] = takenParams(R);
}

std::set<Id> ProgramAnalysis::ownedParams(size_t R) const {
  struct Edge {
    const std::string *Caller;
    const CallFact *C;
  };
  CallsInto<Edge> In = callsInto<Edge>(
      *this, R,
      [](const std::string &Usr, const FunctionFacts &, const CallFact &C) {
        return Edge{&Usr, &C};
      });

  // Candidates: the parameters accesses go through, and the callers'
  // parameters bound to them (ParamWorklist.h).
  std::map<Id, std::pair<std::string, unsigned>> Owned =
      accessedParams(*this, R, In, [](const AccessFact &) { return true; });

  // Does this call bind parameter I to an object its caller owns?
  auto Binds = [&](const Edge &E, unsigned I) {
    const CallFact &C = *E.C;
    if (std::find(C.FreshArgs.begin(), C.FreshArgs.end(), I) != C.FreshArgs.end() &&
        freshVia(argVias(function(*E.Caller), C, I)))
      return true;
    if (I >= C.Args.size())
      return false;
    const ObjRef &O = C.Args[I];
    if (O.K == ObjRef::Var)
      return privateLocal(O.Id);
    if (O.K == ObjRef::Class) // a record passed by address: the variable, if named
      return O.Obj.kind() == IdKind::Local && privateLocal(O.Obj);
    if (O.K == ObjRef::Param)
      if (std::optional<unsigned> PI = paramIndex(O.Id, *E.Caller))
        return Owned.count(paramId(*E.Caller, *PI)) != 0;
    return false;
  };
  // A parameter the function lets escape is never owned; the rest keep what
  // every call binds (escaping does not change as Owned shrinks).
  for (auto It = Owned.begin(); It != Owned.end();)
    It = paramEscapes(It->second.first, It->second.second) ? Owned.erase(It) : std::next(It);
  greatestFixpoint(In, Owned, Binds);
  std::set<Id> Out;
  for (const auto &[P, FnI] : Owned)
    Out.insert(P);
  return Out;
}

bool ProgramAnalysis::ownedAccess(size_t R, const std::string &Fn, const AccessFact &A) const {
  return A.ViaParam >= 0 && R < OwnedParams.size() &&
         OwnedParams[R].count(paramId(Fn, unsigned(A.ViaParam))) != 0;
}

} // namespace parcheck
