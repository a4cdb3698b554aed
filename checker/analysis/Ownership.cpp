//===- Ownership.cpp - memory only one thread can reach -------------------===//
//
// Which pointer parameters escape their function, which locals stay private
// to one activation, and when an access through a fresh object is private.
//
//===----------------------------------------------------------------------===//

#include "analysis/Analysis.h"
#include "facts/Ids.h"

namespace parcheck {

// Ownership and escape
//
// As RacerD's ownership: memory only one thread can reach is not shared.
//   * A fresh object (new, malloc, an *alloc* wrapper) held by a local
//     pointer is private until its pointer is published: stored, returned,
//     captured, handed to a thread or an indirect call (the extractor's
//     dataflow, AccessFact::Fresh). Handing it to a direct call of user code
//     publishes it only if that parameter escapes (FreshVia; for a call's
//     argument, only the parameters it was itself handed to: argVias in
//     ParamOwnership.cpp).
//   * A parameter escapes when its function lets the pointer value go
//     (FunctionFacts::EscapingParams) or forwards it to a call whose
//     parameter escapes, or to a callee the facts do not have.
//   * A local whose address only goes directly to calls (ArgOnlyLocals),
//     none of which lets it escape, belongs to its function's activation: two
//     threads running that function have two of them. A call through a
//     function value counts as a call of each function it resolves to
//     ('f = single ? one_x : four_x; f(.., &repeat)'); one that resolves to
//     nothing lets the address escape.
//   * A fresh allocation its function never publishes nor points elsewhere
//     (FunctionFacts::KeptHeaps), handed only to parameters that keep it, is
//     each activation's own too: privateLocal() holds for its Heap id, so a
//     helper parameter that reaches it among other targets (a generic
//     writer also given shared memory) resolves it as private.
//   * Memory of one activation, published or not: a local, or the objects
//     a local pointer holds when it holds only its function's own
//     allocations (FunctionFacts::ActivationHeaps). An access names it
//     directly only in its function, and through a parameter only in a
//     callee the pointer was handed to by calls (ParamTargets). Unless a
//     thread creation hands it over (as an argument, or to a parameter some
//     callee hands to a thread: computeActivations), both such accesses run
//     in the activation's own thread, or reach two activations' objects:
//     never a race (RaceCheck, activationAccess). What other threads reach
//     after it is published is named by the path they reach it through, not
//     by this id, and is checked as such.
// Known limits: library functions (system headers) are taken not to publish
// what they are given, except the thread APIs; a pointer recovered from a
// fresh object's own fields is not fresh.

void ProgramAnalysis::computeEscapes() {
  for (const auto &[Usr, F] : P.Functions)
    for (unsigned I : F.EscapingParams)
      EscapingParams.insert(paramId(Usr, I));
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions) {
      for (const CallFact &C : F.Calls)
        for (size_t J = 0; J < C.Args.size(); ++J)
          if (C.Args[J].K == ObjRef::Param && isParamOf(C.Args[J].Id, Usr) &&
              !EscapingParams.count(C.Args[J].Id) &&
              (!function(C.Callee) || EscapingParams.count(paramId(C.Callee, unsigned(J)))))
            Changed = EscapingParams.insert(C.Args[J].Id).second || Changed;
      for (const SpawnFact &S : F.Spawns)
        for (const ObjRef &O : S.Args)
          if (O.K == ObjRef::Param && isParamOf(O.Id, Usr))
            Changed = EscapingParams.insert(O.Id).second || Changed;
    }
  }
  for (const auto &[Usr, F] : P.Functions)
    for (const Id &L : F.ArgOnlyLocals) {
      if (AliasOf.count(L))
        continue;
      bool Private = true;
      // An argument naming L: its address (or a path inside it), or L as an
      // object of a class passed by address (ObjRef::Obj).
      auto Names = [&](const ObjRef &O) {
        return (O.K == ObjRef::Var || O.K == ObjRef::Class) &&
               isWithin(O.K == ObjRef::Class ? O.Obj : O.Id, L);
      };
      for (const CallFact &C : F.Calls)
        for (size_t J = 0; J < C.Args.size() && Private; ++J)
          if (Names(C.Args[J]) && paramEscapes(C.Callee, unsigned(J)))
            Private = false;
      for (const SpawnFact &S : F.Spawns)
        for (const ObjRef &O : S.Args)
          Private = Private && !Names(O);
      // Through a function value: its targets are F's calls at the same
      // place (resolveFunctionValues), checked above; a call with no known
      // target may do anything with the address.
      for (const CallFact &IC : F.IndirectCalls) {
        bool Given = false, Resolved = false;
        for (const ObjRef &O : IC.Args)
          Given = Given || Names(O);
        for (const CallFact &C : F.Calls)
          Resolved = Resolved || (C.Where == IC.Where && function(C.Callee));
        if (Given && !Resolved)
          Private = false;
      }
      if (Private)
        PrivateLocals.insert(L);
    }
  // A fresh allocation its function never publishes, handed only to
  // parameters that keep it: each activation allocates its own.
  for (const auto &[Usr, F] : P.Functions)
    for (const auto &[H, Vias] : F.KeptHeaps)
      if (!AliasOf.count(H) && freshVia(Vias))
        PrivateLocals.insert(H);
}

namespace {
/// The local a location is part of ("local:<fn>|<v>" of "local:<fn>|<v>.a.b"),
/// or the heap id itself. The member path starts after the variable's name,
/// which follows the last '@' of its USR: a C local's USR holds its file's
/// name ('c:pool.c@412@F@run@st'), dots and all.
Id activationBase(const Id &Loc) {
  if (Loc.kind() != IdKind::Local)
    return Loc;
  llvm::StringRef K = Loc.key();
  size_t Bar = K.find('|');
  if (Bar == llvm::StringRef::npos)
    return Loc;
  size_t At = K.rfind('@');
  size_t Dot = K.find('.', At == llvm::StringRef::npos || At < Bar ? Bar : At);
  return Dot == llvm::StringRef::npos ? Loc : Id(IdKind::Local, K.take_front(Dot).str());
}
} // namespace

void ProgramAnalysis::computeActivations() {
  for (const auto &[Usr, F] : P.Functions)
    for (const Id &H : F.ActivationHeaps)
      HeapOwner.emplace(H, Usr);
  // Parameters whose object a thread creation hands over, in the function
  // or in a callee it passes the parameter to; and the objects handed so.
  std::set<Id> ThreadParams;
  auto Hand = [&](const ObjRef &O) {
    if (O.K == ObjRef::Param)
      ThreadParams.insert(O.Id);
    else if (const Id *V = boundVariable(O))
      ThreadHanded.insert(activationBase(*V));
  };
  for (const auto &[Usr, F] : P.Functions)
    for (const SpawnFact &S : F.Spawns) {
      for (const ObjRef &O : S.Args)
        Hand(O);
      for (const auto &[Field, O] : S.RefBinds)
        Hand(O);
    }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls)
        for (size_t J = 0; J < C.Args.size(); ++J)
          if (C.Args[J].K == ObjRef::Param && ThreadParams.count(paramId(C.Callee, unsigned(J))))
            Changed = ThreadParams.insert(C.Args[J].Id).second || Changed;
  }
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls)
      for (size_t J = 0; J < C.Args.size(); ++J)
        if (C.Args[J].K != ObjRef::Param && ThreadParams.count(paramId(C.Callee, unsigned(J))))
          if (const Id *V = boundVariable(C.Args[J]))
            ThreadHanded.insert(activationBase(*V));
}

std::string ProgramAnalysis::activationOwner(const Id &Loc) const {
  Id Base = activationBase(Loc);
  if (AliasOf.count(Loc) || AliasOf.count(Base))
    return {};
  if (Loc.kind() == IdKind::Local)
    return localOwner(Loc);
  auto It = HeapOwner.find(Loc);
  return It == HeapOwner.end() ? std::string() : It->second;
}

bool ProgramAnalysis::handedToThread(const Id &Loc) const {
  return ThreadHanded.count(activationBase(Loc)) != 0;
}

bool ProgramAnalysis::paramEscapes(const std::string &Fn, unsigned I) const {
  return !function(Fn) || EscapingParams.count(paramId(Fn, I));
}

bool ProgramAnalysis::privateLocal(const Id &Loc) const {
  if (PrivateLocals.empty())
    return false;
  if (Loc.kind() == IdKind::Heap)
    return PrivateLocals.count(Loc) != 0;
  if (Loc.kind() != IdKind::Local)
    return false;
  for (const Id &L : enclosingIds(Loc))
    if (PrivateLocals.count(L))
      return true;
  return false;
}

bool ProgramAnalysis::freshPrivate(const AccessFact &A) const {
  return A.Fresh && freshVia(A.FreshVia);
}

bool ProgramAnalysis::freshVia(llvm::ArrayRef<Id> Vias) const {
  for (const Id &Via : Vias) {
    // The result of a call of another TU's function: fresh if its returns are.
    if (Via.kind() == IdKind::Return) {
      const FunctionFacts *G = function(Via.key());
      if (!G || !G->ReturnsFresh)
        return false;
      continue;
    }
    if (EscapingParams.count(Via))
      return false;
    if (!function(paramFunction(Via)))
      return false;
  }
  return true;
}

} // namespace parcheck
