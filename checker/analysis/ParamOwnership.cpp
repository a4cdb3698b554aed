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
// One level further, through a member: a caller's private local record
// whose pointer member holds the caller's own allocation ('st.pages =
// calloc(..); fill(&st);', CallFact::FreshMembers) hands that allocation
// along with the record. An access through the member loaded from the
// parameter ('pd = st->pages; pd[i].v', AccessFact::DerivedMember) is owned
// when every binding on R's paths is such a record (or a caller's parameter
// that is), and the caller's own accesses through 'st.pages' after the
// assignment are owned as the record is (AccessFact::FreshMember). Only for
// owning members: no write of the member goes through a pointer that may
// point to such a record ('p->pages = shared'; a write on a named object or
// on a record embedded in another, 'e->stats.pages = ..', cannot).
// Known limits: a whole-record copy into the local after the assignment
// ('memcpy(&st, &shared, ..)') is not seen; the callee is not checked for
// publishing the loaded pointer.
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
#include "analysis/TaskRunner.h"
#include "facts/Ids.h"

#include <algorithm>
#include <deque>
#include <tuple>

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
    return std::vector<Id>(C.FreshVia.begin(), C.FreshVia.end());
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

void ProgramAnalysis::computeOwnership(llvm::ThreadPoolInterface *Pool) {
  computeEnqueues();
  // Each of the three per-root sets below reads only its own root's slots
  // (of the sets before it, and its own, empty while it is computed), so
  // each root's is a task, and each set waits for the one before.
  // Each root's call edges, made by the first of its tasks that needs them.
  std::vector<LazyCallEdges> Edges;
  Edges.reserve(Roots.size());
  for (size_t R = 0; R < Roots.size(); ++R)
    Edges.emplace_back(*this, R);
  auto PerRoot = [&](auto &Slots, auto Compute) {
    Slots.assign(Roots.size(), {});
    TaskRunner RootTasks(Pool);
    for (size_t R = 0; R < Roots.size(); ++R)
      RootTasks.run([this, &Slots, &Edges, Compute, R] {
        auto S = (this->*Compute)(R, Edges[R]);
        Slots[R] = std::move(S);
      });
  };
  PerRoot(OwnedParams, &ProgramAnalysis::ownedParams);
  // Owning members: candidates are the members accesses name so. A write of
  // the member through a pointer that may point to such a local record
  // ('p->buf = shared') disqualifies it; one on a named object (a global, a
  // local) or on a record embedded in another ('e->stats.buf = ..', origin
  // "e:") cannot reach a standalone local.
  std::set<std::string> NotOwning;
  for (const auto &[Usr, F] : P.Functions)
    for (const AccessFact &A : F.Accesses) {
      if (!A.DerivedMember.empty())
        OwningMembers.insert(A.DerivedMember);
      if (!A.FreshMember.empty())
        OwningMembers.insert(A.FreshMember);
      if (A.Write && A.ClassLevel && !A.Field.empty() && !llvm::StringRef(A.Origin).starts_with("e:"))
        NotOwning.insert(A.Field);
    }
  for (const std::string &M : NotOwning)
    OwningMembers.erase(M);
  if (!OwningMembers.empty())
    PerRoot(FreshMemberParams, &ProgramAnalysis::freshMemberParams);
  else
    FreshMemberParams.assign(Roots.size(), {});
  PerRoot(TakenParams, &ProgramAnalysis::takenParams);
}

template <typename OwnedFn>
bool ProgramAnalysis::bindsOwned(const std::string &Caller, const CallFact &C, unsigned I,
                                 OwnedFn OwnedParam) const {
  if (std::find(C.FreshArgs.begin(), C.FreshArgs.end(), I) != C.FreshArgs.end() &&
      freshVia(argVias(function(Caller), C, I)))
    return true;
  if (I >= C.Args.size())
    return false;
  const ObjRef &O = C.Args[I];
  if (O.K == ObjRef::Var)
    return privateLocal(O.Id);
  if (O.K == ObjRef::Class) // a record passed by address: the variable, if named
    return O.Obj.kind() == IdKind::Local && privateLocal(O.Obj);
  if (O.K == ObjRef::Param)
    if (std::optional<unsigned> PI = paramIndex(O.Id, Caller))
      return OwnedParam(paramId(Caller, *PI));
  return false;
}

bool ProgramAnalysis::ownedArg(size_t R, const std::string &Caller, const CallFact &C,
                               unsigned I) const {
  return R < OwnedParams.size() &&
         bindsOwned(Caller, C, I, [&](const Id &P) { return OwnedParams[R].count(P) != 0; });
}

bool ProgramAnalysis::ownedAt(size_t R, const std::string &Fn, unsigned I,
                              const CallInto &Site) const {
  // Or the caller's parameter owned through the call into the caller (a
  // deeper call-site split, CallSite::Outer).
  const std::string &Caller = Site.Caller->Usr;
  return !paramEscapes(Fn, I) && R < OwnedParams.size() &&
         bindsOwned(Caller, *Site.Call, I, [&](const Id &P) {
           if (OwnedParams[R].count(P))
             return true;
           std::optional<unsigned> PI = Site.Outer ? paramIndex(P, Caller) : std::nullopt;
           return PI && ownedAt(R, Caller, *PI, *Site.Outer);
         });
}

std::set<Id> ProgramAnalysis::ownedParams(size_t R, LazyCallEdges &Edges) const {
  using Edge = CallEdge;
  // Candidates: the parameters accesses go through, and the callers'
  // parameters bound to them (ParamWorklist.h).
  std::map<Id, std::pair<std::string, unsigned>> Owned =
      accessedParams(*this, R, Edges, [](const AccessFact &) { return true; });
  if (Owned.empty())
    return {};
  const CallsInto<Edge> &In = *Edges;

  auto Binds = [&](const Edge &E, unsigned I) {
    return bindsOwned(*E.Caller, *E.C, I, [&](const Id &P) { return Owned.count(P) != 0; });
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

std::set<std::pair<Id, std::string>> ProgramAnalysis::freshMemberParams(size_t R,
                                                                     LazyCallEdges &Edges) const {
  using Edge = CallEdge;
  // One member at a time: the parameters accesses load it from, and the
  // callers' parameters bound to those; then what every call binds.
  std::map<std::string, std::map<Id, std::pair<std::string, unsigned>>> ByMember;
  std::deque<std::tuple<std::string, std::string, unsigned>> Work;
  auto Add = [&](const std::string &M, const std::string &Fn, unsigned I) {
    if (Fn != Roots[R].Entry && !paramEscapes(Fn, I) &&
        ByMember[M].emplace(paramId(Fn, I), std::make_pair(Fn, I)).second)
      Work.push_back({M, Fn, I});
  };
  for (const auto &[Usr, Rc] : Reached[R])
    if (const FunctionFacts *F = function(Usr))
      for (const AccessFact &A : F->Accesses)
        if (A.DerivedParam >= 0 && OwningMembers.count(A.DerivedMember))
          Add(A.DerivedMember, Usr, unsigned(A.DerivedParam));
  if (ByMember.empty())
    return {};
  const CallsInto<Edge> &In = *Edges;
  while (!Work.empty()) {
    auto [M, Fn, I] = Work.front();
    Work.pop_front();
    auto It = In.find(Fn);
    if (It != In.end())
      for (const Edge &E : It->second)
        if (I < E.C->Args.size() && E.C->Args[I].K == ObjRef::Param)
          if (std::optional<unsigned> PI = paramIndex(E.C->Args[I].Id, *E.Caller))
            Add(M, *E.Caller, *PI);
  }
  std::set<std::pair<Id, std::string>> Out;
  for (auto &[M, Set] : ByMember) {
    auto Binds = [&, &M = M, &Set = Set](const Edge &E, unsigned I) {
      const CallFact &C = *E.C;
      if (I >= C.Args.size())
        return false;
      const ObjRef &O = C.Args[I];
      if (O.K == ObjRef::Param)
        if (std::optional<unsigned> PI = paramIndex(O.Id, *E.Caller))
          return Set.count(paramId(*E.Caller, *PI)) != 0;
      Id Local = O.K == ObjRef::Class ? O.Obj : O.Id;
      return (O.K == ObjRef::Var || O.K == ObjRef::Class) && Local.kind() == IdKind::Local &&
             privateLocal(Local) &&
             std::find(C.FreshMembers.begin(), C.FreshMembers.end(), std::make_pair(I, M)) !=
                 C.FreshMembers.end();
    };
    greatestFixpoint(In, Set, Binds);
    for (const auto &[P, FnI] : Set)
      Out.insert({P, M});
  }
  return Out;
}

bool ProgramAnalysis::ownedAccess(size_t R, const std::string &Fn, const AccessFact &A) const {
  if (A.ViaParam >= 0 && R < OwnedParams.size() &&
      OwnedParams[R].count(paramId(Fn, unsigned(A.ViaParam))))
    return true;
  // Through a private local record's member that holds its own allocation,
  // here or in a caller that handed the record over.
  if (!A.FreshMember.empty() && OwningMembers.count(A.FreshMember) &&
      privateLocal(A.FreshMemberOf))
    return true;
  return A.DerivedParam >= 0 && !A.DerivedMember.empty() && R < FreshMemberParams.size() &&
         FreshMemberParams[R].count({paramId(Fn, unsigned(A.DerivedParam)), A.DerivedMember});
}

} // namespace parcheck
