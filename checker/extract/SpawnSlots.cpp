//===- SpawnSlots.cpp - a spawn loop's per-thread slot, set up before -----===//
//
// AccessFact::SlotSpawn: the creating function of a spawn loop sets up the
// slot it hands this iteration's thread, before the creation:
//
//   for (i = 0; i < n; i++) {
//     e->io_threads[i].e = e;                                 // the access
//     pthread_create(&t, 0, io_thread, &e->io_threads[i]);    // the spawn
//   }
//
// The access names the same array element as the spawn's argument (the same
// expression, index included), is written before the spawn in the body of
// the 'for' loop that directly contains both, and the index is a variable the
// loop's increment steps and its body never changes (each iteration names
// another element). The analysis
// decides what this orders (ProgramAnalysis::slotSetUpBefore): the thread of
// that iteration starts after the access, and the threads of earlier
// iterations were handed other elements.
//
// Only the element's own storage counts: 'X[i].a.b' (members by value), not
// what a pointer member points to ('X[i].p->f' is another object).
//
// The same holds for an object allocated for the thread and kept in a member
// path until the spawn hands it over: 'e->bg = calloc(..); e->bg->e = e;
// pthread_create(.., e->bg)' (AccessFact::SlotFresh). The path is assigned
// that allocation last before the access, and neither the path nor the
// variables it reads change until the spawn, which is in the same loop as the
// allocation. No thread created before the allocation can have been handed
// the object, so the analysis does not ask which of them still run.
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include <functional>
#include <optional>

namespace parcheck {
namespace extract {

namespace {

bool within(const SourceManager &SM, const Stmt *Inner, const Stmt *Outer) {
  SourceRange R = Outer->getSourceRange();
  SourceLocation B = Inner->getBeginLoc();
  return R.isValid() && B.isValid() && !SM.isBeforeInTranslationUnit(B, R.getBegin()) &&
         !SM.isBeforeInTranslationUnit(R.getEnd(), B);
}

/// Does S itself assign, step or take the address of V?
bool assigns(const Stmt *S, const VarDecl *V) {
  auto Names = [&](const Expr *E) {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    return DRE && DRE->getDecl() == V;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp() && Names(BO->getLHS()))
    return true;
  const auto *UO = dyn_cast<UnaryOperator>(S);
  return UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) &&
         Names(UO->getSubExpr());
}

/// Does S assign, step or take the address of V anywhere inside?
bool changes(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (assigns(S, V))
    return true;
  for (const Stmt *C : S->children())
    if (changes(C, V))
      return true;
  return false;
}

/// Calls Visit on every call expression inside S.
template <typename Fn> void forEachCall(const Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    Visit(CE);
  else if (const auto *CC = dyn_cast<CXXConstructExpr>(S))
    Visit(CC);
  for (const Stmt *C : S->children())
    forEachCall(C, Visit);
}

} // namespace

/// The spawn in Scope after E that hands its thread (as the entry's
/// parameter, returned) the object Want profiles: '&Want' when AddrOf, else
/// the pointer value Want.
std::optional<std::pair<const Expr *, int>>
FunctionAnalyzer::spawnHanding(const Stmt *Scope, const Expr *E,
                               const llvm::FoldingSetNodeID &Want, bool AddrOf) {
  std::optional<std::pair<const Expr *, int>> Found;
  const Stmt *Loop = enclosingLoop(E);
  forEachCall(Scope, [&](const Expr *Call) {
    if (Found || enclosingLoop(Call) != Loop ||
        !TU.SM.isBeforeInTranslationUnit(E->getBeginLoc(), Call->getBeginLoc()))
      return;
    SpawnCall SC = classifySpawn(Call);
    if (SC.Api == ThreadApi::None || !SC.Callable)
      return;
    size_t First = resolveCallable(SC.Callable).Member ? 1 : 0;
    for (size_t I = First; I < SC.Args.size() && !Found; ++I) {
      const Expr *X = strip(SC.Args[I]);
      const auto *UO = dyn_cast_or_null<UnaryOperator>(X);
      if (AddrOf != (UO && UO->getOpcode() == UO_AddrOf))
        continue;
      llvm::FoldingSetNodeID Got;
      (AddrOf ? UO->getSubExpr()->IgnoreParens() : X)->Profile(Got, Ctx, /*Canonical=*/true);
      if (Got == Want)
        Found = std::make_pair(Call, int(I - First));
    }
  });
  return Found;
}

void FunctionAnalyzer::noteSpawnSlot(const Expr *E, AccessFact &A) {
  // The element or object: through members by value, to a subscript (an
  // array element) or to the pointer an arrow goes through.
  const Expr *X = E ? E->IgnoreParens() : nullptr;
  const Expr *Ptr = nullptr;
  while (const auto *ME = dyn_cast_or_null<MemberExpr>(X)) {
    if (ME->isArrow()) {
      Ptr = ME->getBase()->IgnoreParenImpCasts();
      break;
    }
    X = ME->getBase()->IgnoreParens();
  }
  if (Ptr) {
    noteFreshHanded(E, Ptr, A);
    return;
  }
  const auto *Slot = dyn_cast_or_null<ArraySubscriptExpr>(X);
  if (!Slot)
    return;
  const auto *Ix = dyn_cast<DeclRefExpr>(Slot->getIdx()->IgnoreParenImpCasts());
  const auto *IV = Ix ? dyn_cast<VarDecl>(Ix->getDecl()) : nullptr;
  if (!IV || !IV->isLocalVarDecl())
    return;
  // A counted loop: the increment moves the index, the body never does, so
  // each iteration names another element.
  const auto *Loop = dyn_cast_or_null<ForStmt>(enclosingLoop(E));
  const Stmt *Body = Loop ? Loop->getBody() : nullptr;
  if (!Body || !within(TU.SM, E, Body) || !changes(Loop->getInc(), IV) || changes(Body, IV))
    return;
  llvm::FoldingSetNodeID Want;
  Slot->Profile(Want, Ctx, /*Canonical=*/true);
  if (auto S = spawnHanding(Body, E, Want, /*AddrOf=*/true)) {
    A.SlotSpawn = TU.loc(S->first->getBeginLoc());
    A.SlotArg = S->second;
  }
}

void FunctionAnalyzer::noteFreshHanded(const Expr *E, const Expr *Ptr, AccessFact &A) {
  // 'P = calloc(..); P->f = ..; pthread_create(.., P)' where P is a member
  // path ('e->bg_thread'; a local pointer is State::Fresh's business).
  if (!isa<MemberExpr>(Ptr) || !FD->hasBody())
    return;
  llvm::FoldingSetNodeID Want;
  Ptr->Profile(Want, Ctx, /*Canonical=*/true);
  auto S = spawnHanding(FD->getBody(), E, Want, /*AddrOf=*/false);
  if (!S)
    return;
  SourceLocation From = E->getBeginLoc(), To = S->first->getBeginLoc();
  // The last assignment of P before E is a fresh allocation, and nothing P
  // names (the path, the variables it reads) changes from there to the spawn.
  const BinaryOperator *Alloc = nullptr;
  std::vector<const VarDecl *> Vars;
  std::function<void(const Stmt *)> VarsOf = [&](const Stmt *X) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        Vars.push_back(VD);
    for (const Stmt *C : X->children())
      if (C)
        VarsOf(C);
  };
  VarsOf(Ptr);
  bool Changed = false;
  std::function<void(const Stmt *)> Scan = [&](const Stmt *X) {
    const auto *BO = dyn_cast<BinaryOperator>(X);
    if (BO && BO->isAssignmentOp()) {
      llvm::FoldingSetNodeID Got;
      BO->getLHS()->IgnoreParenImpCasts()->Profile(Got, Ctx, /*Canonical=*/true);
      SourceLocation L = BO->getBeginLoc();
      if (Got == Want && TU.SM.isBeforeInTranslationUnit(L, From))
        Alloc = BO->getOpcode() == BO_Assign && isFreshAllocation(BO->getRHS()) ? BO : nullptr;
      else if (Got == Want && TU.SM.isBeforeInTranslationUnit(L, To))
        Changed = true;
    }
    for (const Stmt *C : X->children())
      if (C)
        Scan(C);
  };
  Scan(FD->getBody());
  if (!Alloc || Changed)
    return;
  std::function<void(const Stmt *)> Moves = [&](const Stmt *X) {
    SourceLocation L = X->getBeginLoc();
    if (L.isValid() && TU.SM.isBeforeInTranslationUnit(Alloc->getBeginLoc(), L) &&
        TU.SM.isBeforeInTranslationUnit(L, To))
      for (const VarDecl *V : Vars)
        Changed = Changed || assigns(X, V);
    for (const Stmt *C : X->children())
      if (C)
        Moves(C);
  };
  Moves(FD->getBody());
  if (Changed || enclosingLoop(Alloc) != enclosingLoop(S->first))
    return;
  A.SlotSpawn = TU.loc(S->first->getBeginLoc());
  A.SlotArg = S->second;
  A.SlotFresh = true;
}

// A thread's own number, as an index sees it: read from a thread_local
// ('tl_num'), a lambda's by-copy capture ('[t] { slots[t]; }'), or one of the function's parameters (a number, or a member of
// what a pointer parameter points to: 'args->num', 'a.num'), directly or
// through locals initialised from those that the function never reassigns
// (a loop counter is reassigned, so 'for (t = first; ..; ++t) slots[t]' is
// no thread's number). Whether a parameter holds the number on every call of
// a thread is the analysis's question (ProgramAnalysis::ownSlot).
std::optional<std::pair<int, int64_t>> FunctionAnalyzer::numberTest(const Expr *Cond,
                                                                   BinaryOperatorKind Op) const {
  const auto *BO = dyn_cast_or_null<BinaryOperator>(Cond ? Cond->IgnoreParenImpCasts() : nullptr);
  if (!BO || BO->getOpcode() != Op)
    return std::nullopt;
  for (auto [X, C] : {std::pair{BO->getLHS(), BO->getRHS()}, {BO->getRHS(), BO->getLHS()}}) {
    std::optional<llvm::APSInt> V = C->getIntegerConstantExpr(Ctx);
    int N = V ? threadNumberOf(X) : -1;
    if (N != -1)
      return std::make_pair(N, V->getExtValue());
  }
  return std::nullopt;
}

void FunctionAnalyzer::noteNumberGuard(const Stmt *S, AccessFact &A) const {
  std::optional<std::pair<int, int64_t>> T;
  for (const Stmt *Child = S, *P = parent(S); P && !T; Child = P, P = parent(P)) {
    // 'if (id == 0) { S }', 'if (id != 0) ..; else { S }'.
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (If->getThen() == Child)
        T = numberTest(If->getCond(), BO_EQ);
      else if (If->getElse() == Child)
        T = numberTest(If->getCond(), BO_NE);
      continue;
    }
    // 'if (id != 0) return;' (or break, continue) earlier in a block around
    // S, with no label between them where a jump could enter past it.
    const auto *CS = dyn_cast<CompoundStmt>(P);
    if (!CS)
      continue;
    for (const Stmt *B : CS->body()) {
      if (isa<LabelStmt>(B) || isa<SwitchCase>(B))
        T.reset();
      if (B == Child)
        break;
      const auto *If = dyn_cast<IfStmt>(B);
      if (If && !If->getElse() && !If->getInit() && !If->getConditionVariable() &&
          endsInJump(If->getThen(), true))
        if (auto G = numberTest(If->getCond(), BO_NE))
          T = G;
    }
  }
  if (T) {
    A.NumberGuard = T->first;
    A.NumberValue = T->second;
  }
}

int FunctionAnalyzer::threadNumberOf(const Expr *E, unsigned Depth) const {
  if (!E || Depth > 8)
    return -1;
  E = E->IgnoreParenCasts();
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return threadNumberOf(MT->getSubExpr(), Depth + 1);
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) // a static member
      return VD->getTLSKind() != VarDecl::TLS_None ? ThreadNumTLS : -1;
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenCasts()))
      return -1; // the object's member, shared by whoever calls the method
    int N = threadNumberOf(ME->getBase(), Depth + 1);
    return N == ThreadNumTLS ? -1 : N; // a member of a thread_local object: no number
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
    return threadNumberOf(UO->getSubExpr(), Depth + 1);
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD)
    return -1;
  if (VD->getTLSKind() != VarDecl::TLS_None)
    return VD->getType()->isIntegralOrEnumerationType() ? ThreadNumTLS : -1;
  if (capturedByCopy(DRE))
    return VD->getType()->isIntegralOrEnumerationType() ? ThreadNumCapture : -1;
  if (Reassigned.count(VD))
    return -1;
  if (const auto *P = dyn_cast<ParmVarDecl>(VD))
    return P->getDeclContext() == FD ? int(P->getFunctionScopeIndex()) : -1;
  if (VD->hasLocalStorage() && !VD->getType()->isReferenceType() && VD->getInit())
    return threadNumberOf(VD->getInit(), Depth + 1);
  return -1;
}

} // namespace extract
} // namespace parcheck
