//===- Escape.cpp - fresh objects, escaping pointers, atomic hand-offs ----===//
//
// Facts for ownership and escape (the analysis decides; see "ownership and
// escape" in analysis/Ownership.cpp):
//   * State::Fresh: local pointers that hold a fresh allocation (new, malloc,
//     an *alloc* wrapper) and whose value has not been published on any path
//     here. A use of the pointer value publishes it unless it only reaches
//     the object (p->f, *p, p[i], a test, a library call such as memset or
//     free); handing it to a direct call of user code is remembered as that
//     callee's parameter (AccessFact::FreshVia). The same for the caller's
//     cell behind a parameter 'T **out' used only as '*out' (OutCells):
//     '*out = malloc(..); (*out)->id = n;' fills an object no one else has
//     yet, as a returned fresh object is its caller's until it goes on.
//     Known limit: another thread that reads the caller's cell while the
//     function fills the object is not seen (the cell's own store and that
//     read still race).
//   * EscapingParams: pointer parameters whose value escapes the same way,
//     also through a local alias of the parameter (ParamAlias: 'q = (T *)p',
//     'q = p + k'): initialising the alias lets nothing go, its own uses are
//     followed. An address computed from the pointer ('p + k') is used as p.
//   * ArgOnlyLocals: escaping locals whose every '&x' is a direct call's
//     argument; KeptHeaps: heap pointers never published nor reassigned,
//     with the callee parameters they were handed to.
//   * Stepping a pointer ('p++', 'p += k') or taking a distance ('end - p')
//     lets nothing go: p still points into the same object.
// And for happens-before through atomics: SyncFacts for release stores and
// acquire loads a loop waits on.
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"
#include "extract/LoopStack.h"
#include "extract/Origins.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <functional>
#include <tuple>
#include <optional>

namespace parcheck {
namespace extract {

namespace {

/// Is the value of Op, whose parent is P, thrown away: an expression
/// statement, a loop's increment or body, the left of a comma?
bool valueDiscarded(const Stmt *Op, const Stmt *P) {
  if (!P || isa<CompoundStmt>(P) || isa<LabelStmt>(P) || isa<SwitchCase>(P))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(P))
    return BO->getOpcode() == BO_Comma && BO->getLHS() == Op;
  if (const auto *F = dyn_cast<ForStmt>(P))
    return F->getInc() == Op || F->getInit() == Op || F->getBody() == Op;
  if (const auto *W = dyn_cast<WhileStmt>(P))
    return W->getBody() == Op;
  if (const auto *D = dyn_cast<DoStmt>(P))
    return D->getBody() == Op;
  if (const auto *I = dyn_cast<IfStmt>(P))
    return I->getThen() == Op || I->getElse() == Op;
  return false;
}

bool isValueCast(const Stmt *S) {
  return isa<ParenExpr>(S) || isa<ImplicitCastExpr>(S) || isa<CStyleCastExpr>(S) ||
         isa<CXXStaticCastExpr>(S) || isa<CXXReinterpretCastExpr>(S) ||
         isa<CXXConstCastExpr>(S) || isa<CXXFunctionalCastExpr>(S);
}

} // namespace

/// How a call uses the pointer value Cur, one of its arguments or its
/// callee: Via names the user-code parameter it is handed to.
FunctionAnalyzer::PtrUse FunctionAnalyzer::callUse(const CallExpr *CE, const Expr *Cur,
                                                   Id &Via) const {
  auto Same = [&](const Expr *E) { return E && E->IgnoreParenCasts() == Cur->IgnoreParenCasts(); };
  if (Same(CE->getCallee()))
    return PtrUse::Reach;
  const FunctionDecl *F = CE->getDirectCallee();
  if (!F && !isa<CXXMemberCallExpr>(CE))
    return PtrUse::Indirect;
  if (!F || classifySpawn(CE).Api != ThreadApi::None)
    return PtrUse::Escape;
  unsigned Skip = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(F) ? 1 : 0;
  unsigned Index = ~0u;
  for (unsigned I = 0; I < CE->getNumArgs(); ++I)
    if (Same(CE->getArg(I)))
      Index = I;
  if (Index == ~0u || Index < Skip)
    return PtrUse::Escape;
  // Library code (a system header, a builtin) does not hand what it is
  // given to another thread; the thread APIs were handled above.
  if (!userDefined(F, TU) && (TU.inSystem(F->getLocation()) || F->getBuiltinID() != 0))
    return PtrUse::Reach;
  if (Index - Skip >= F->getNumParams())
    return PtrUse::Escape; // variadic
  const FunctionDecl *Def = F->getDefinition() ? F->getDefinition() : F;
  std::string U = usrOf(Def);
  if (U.empty())
    return PtrUse::Escape;
  Via = parcheck::paramId(U, Index - Skip);
  return PtrUse::Via;
}

FunctionAnalyzer::PtrUse FunctionAnalyzer::pointerUse(const Expr *E, const ValueDecl *D,
                                                      Id &Via) const {
  std::function<PtrUse(const Stmt *)> AddressUse;
  // 'p += k', 'p -= k', '++p', 'p--': p still points into the object it
  // pointed to (a writer advancing through its buffer: 'op += n;'), so the
  // step lets nothing go; the expression's value, when something uses it
  // ('*q = p++', 'f(p += 4)'), is an address inside the object, used as p
  // would be.
  auto AdvanceUse = [&](const Stmt *Op) {
    return valueDiscarded(Op, parent(Op)) ? PtrUse::Reach : AddressUse(Op);
  };
  // How the pointer value Cur is used by its parent P.
  auto ValueUse = [&](const Stmt *Cur, const Stmt *P) -> PtrUse {
    // A value thrown away ('(void)p;', an unused-parameter idiom) goes
    // nowhere; not the last statement of a statement expression ('({ ..;
    // p; })'), which is its value.
    const auto *Block = dyn_cast<CompoundStmt>(P);
    bool StmtExprValue = Block && isa_and_nonnull<StmtExpr>(parent(P)) && Block->body_back() == Cur;
    if (valueDiscarded(Cur, P) && !StmtExprValue)
      return PtrUse::Reach;
    auto Same = [&](const Expr *E) { return E && E->IgnoreParenCasts() == cast<Expr>(Cur)->IgnoreParenCasts(); };
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      // p->method(): the method may publish 'this'.
      if (isa<CXXMethodDecl>(ME->getMemberDecl()))
        return PtrUse::Escape;
      return PtrUse::Reach;
    }
    if (isa<ArraySubscriptExpr>(P))
      return PtrUse::Reach;
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_LNot)
        return PtrUse::Reach;
      if (UO->isIncrementDecrementOp() && UO->getType()->isPointerType())
        return AdvanceUse(UO);
      return PtrUse::Escape; // &p
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && Same(BO->getLHS())) // 'p = q', 'p += k' (only += -= on a pointer)
        return BO->getOpcode() == BO_Assign ? PtrUse::Def
               : BO->getType()->isPointerType() ? AdvanceUse(BO)
                                                : PtrUse::Escape;
      // Stored into the object it points to ('q->next = q', an empty list's
      // self link; 'req->ptr = &req->buf', also through a local alias of the
      // same parameter: 'buf = &req->statbuf; .. req->ptr = buf;'): no one
      // else reaches it so.
      if (BO->getOpcode() == BO_Assign && Same(BO->getRHS()))
        if (const auto *Base = dyn_cast_or_null<DeclRefExpr>(strip(accessBase(BO->getLHS()))))
          if (Base->getDecl() == D ||
              sameParamObject(dyn_cast<VarDecl>(Base->getDecl()), dyn_cast<VarDecl>(D)))
            return PtrUse::Reach;
      // 'req = container_of(w, ..)': an alias set by its one assignment
      // (AssignedAlias), whose own uses are followed as the parameter's.
      if (BO->getOpcode() == BO_Assign && Same(BO->getRHS()))
        if (const auto *L = dyn_cast<DeclRefExpr>(strip(BO->getLHS())))
          if (const auto *VD = dyn_cast<VarDecl>(L->getDecl());
              VD && AssignedAlias.count(VD) && !TU.AddrTaken.count(VD) &&
              !TU.RefCaptured.count(VD))
            return PtrUse::Reach;
      if (BO->isComparisonOp() || BO->isLogicalOp())
        return PtrUse::Reach;
      // p + k, p - k: an address inside the same object, used as p would be.
      if ((BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
          BO->getType()->isPointerType())
        return AddressUse(BO);
      // 'end - p': a distance, no address.
      if (BO->getOpcode() == BO_Sub && BO->getLHS()->getType()->isPointerType() &&
          BO->getRHS()->getType()->isPointerType())
        return PtrUse::Reach;
      return PtrUse::Escape;
    }
    // 'T *q = (T *)p;', 'q = p + k': q is an alias of parameter p whose own
    // uses are followed (trackPointers), so the copy itself lets nothing go.
    if (const auto *DS = dyn_cast<DeclStmt>(P))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            VD && VD->getInit() && strip(VD->getInit()) == strip(cast<Expr>(Cur)) &&
            ParamAlias.count(VD) && !TU.AddrTaken.count(VD) && !TU.RefCaptured.count(VD))
          return PtrUse::Reach;
    if (const auto *CO = dyn_cast<ConditionalOperator>(P))
      return Same(CO->getCond()) ? PtrUse::Reach : PtrUse::Escape;
    if (isa<IfStmt>(P) || isa<WhileStmt>(P) || isa<DoStmt>(P) || isa<ForStmt>(P) ||
        isa<SwitchStmt>(P))
      return PtrUse::Reach;
    if (const auto *CE = dyn_cast<CallExpr>(P))
      return callUse(CE, cast<Expr>(Cur), Via);
    return PtrUse::Escape; // stored, returned, initialises another variable, ...
  };
  // The value E (through value-preserving casts) and its user.
  auto Up = [&](const Stmt *E) {
    const Stmt *Cur = E, *P = parent(E);
    while (P && isValueCast(P)) {
      Cur = P;
      P = parent(P);
    }
    return std::make_pair(Cur, P);
  };
  AddressUse = [&](const Stmt *E) {
    auto [Cur, P] = Up(E);
    return P ? ValueUse(Cur, P) : PtrUse::Reach;
  };
  auto [Cur, P] = Up(E);
  if (!P)
    return PtrUse::Reach;
  // p->a.b[i] or p[i] only reaches the object; but '&p->link', or a member
  // array decaying to a pointer, is an address inside it, which publishes
  // the object as p itself would: its use is followed instead.
  if ((isa<MemberExpr>(P) && !isa<CXXMethodDecl>(cast<MemberExpr>(P)->getMemberDecl())) ||
      isa<ArraySubscriptExpr>(P)) {
    const Stmt *L = P, *Q = parent(P);
    for (;;) {
      if (const auto *ME = dyn_cast_or_null<MemberExpr>(Q);
          ME && !ME->isArrow() && ME->getBase()->IgnoreParens() == L) {
        L = Q;
      } else if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(Q);
                 AS && AS->getBase()->IgnoreParenImpCasts() == cast<Expr>(L)->IgnoreParens()) {
        L = Q;
      } else if (isa_and_nonnull<ParenExpr>(Q)) {
        L = Q;
      } else if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(Q);
                 IC && IC->getCastKind() == CK_ArrayToPointerDecay) {
        if (!isa_and_nonnull<ArraySubscriptExpr>(parent(IC)))
          return AddressUse(IC); // the array as a pointer value
        L = Q;
      } else {
        break;
      }
      Q = parent(L);
    }
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Q); UO && UO->getOpcode() == UO_AddrOf)
      return AddressUse(UO);
    return PtrUse::Reach;
  }
  return ValueUse(Cur, P);
}

void FunctionAnalyzer::notePublishedTo(const BinaryOperator *BO) {
  const auto *L = BO->getOpcode() == BO_Assign
                      ? dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts())
                      : nullptr;
  const auto *G = L ? dyn_cast<VarDecl>(L->getDecl()) : nullptr;
  if (!G || !G->hasGlobalStorage() || !G->getType()->isPointerType() ||
      isSyncType(G->getType()->getPointeeType()))
    return;
  // The pointer the value is computed from: through casts, chained
  // assignments, steps and arithmetic.
  const Expr *V = BO->getRHS();
  for (;;) {
    V = V->IgnoreParenCasts();
    if (const auto *B = dyn_cast<BinaryOperator>(V)) {
      if (B->getOpcode() == BO_Assign) {
        V = B->getRHS();
        continue;
      }
      if ((B->getOpcode() == BO_Add || B->getOpcode() == BO_Sub) && B->getType()->isPointerType()) {
        V = B->getLHS()->getType()->isPointerType() ? B->getLHS() : B->getRHS();
        continue;
      }
    }
    if (const auto *U = dyn_cast<UnaryOperator>(V); U && U->isIncrementDecrementOp()) {
      V = U->getSubExpr();
      continue;
    }
    break;
  }
  Id T;
  if (const auto *U = dyn_cast<UnaryOperator>(V); U && U->getOpcode() == UO_AddrOf) {
    const Expr *X = U->getSubExpr()->IgnoreParenImpCasts();
    for (;;) {
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X))
        X = AS->getBase()->IgnoreParenImpCasts();
      else if (const auto *ME = dyn_cast<MemberExpr>(X); ME && !ME->isArrow())
        X = ME->getBase()->IgnoreParenImpCasts();
      else
        break;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(X);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (VD && VD->isLocalVarDecl() && !VD->isStaticLocal())
      T = localId(VD);
  } else if (int I = paramIndex(V); I >= 0) {
    T = paramId(unsigned(I));
  } else if (const VarDecl *P = heapPointer(V)) {
    T = heapId(P);
  }
  if (!T.empty())
    TU.PointsTo.insert({makeId(IdKind::Pointee, usrOf(G)), T});
}

void FunctionAnalyzer::trackPointers(State &St, const Stmt *S) {
  // A pointer whose own address is taken, or that a lambda sees by
  // reference, can change behind the walk's back.
  auto ownable = [&](const VarDecl *VD) {
    return !TU.AddrTaken.count(VD) && !TU.RefCaptured.count(VD);
  };
  auto LocalPointer = [](const VarDecl *VD) {
    return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isPointerType();
  };
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); LocalPointer(VD)) {
        ownOnAssign(St, VD, VD->getInit(), ownable(VD));
        if (heapPointerDecl(VD))
          HeapDecls.insert(VD);
      }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (!BO->isAssignmentOp())
      return;
    if (Emit)
      notePublishedTo(BO);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); LocalPointer(VD)) {
        // A step through the object ('p += k') still points into it; any
        // other assignment may make the heap name cover another object.
        if (BO->getOpcode() != BO_AddAssign && BO->getOpcode() != BO_SubAssign) {
          PublishedHeaps.insert(VD);
          if (BO->getOpcode() != BO_Assign || !isFreshAllocation(BO->getRHS()))
            RepointedHeaps.insert(VD);
        }
        ownOnAssign(St, VD, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr,
                    ownable(VD));
      }
    if (const VarDecl *Cell = outCell(BO->getLHS()))
      ownOnAssign(St, Cell, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr, true);
    return;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable())
        if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar())) {
          PublishedHeaps.insert(VD);
          dropOwned(St, VD);
          if (Emit)
            if (std::optional<unsigned> I = paramOrAlias(VD))
              EscapingParamSet.insert(*I);
        }
    return;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(S);
  if (!DRE)
    return;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !VD->getType()->isPointerType())
    return;
  if (OutCells.count(VD)) {
    // 'out' itself only reaches the cell ('*out'): nothing of it escapes.
    trackOutCell(St, DRE, VD);
    return;
  }
  // A parameter, or a local alias of one (ParamAlias): what lets the alias
  // go lets the parameter go.
  std::optional<unsigned> ParamIx = paramOrAlias(VD);
  bool Param = ParamIx.has_value();
  auto F = St.Fresh.find(VD);
  auto O = St.Owned.find(VD);
  OwnedAtUse.erase(DRE);
  FreshAtUse.erase(DRE);
  if (!Param && F == St.Fresh.end() && O == St.Owned.end())
    return;
  Id Via;
  PtrUse U = pointerUse(DRE, Via);
  if (U == PtrUse::Escape || U == PtrUse::Indirect)
    PublishedHeaps.insert(VD);
  else if (U == PtrUse::Via)
    HeapVias[VD].insert(Via);
  if (U == PtrUse::Indirect) {
    // A call through a function value: it publishes a fresh object; a taken
    // one stays the caller's, handed to the callee for the call
    // (CallFact::TakenArgs: its accesses are the owner's).
    if (F != St.Fresh.end())
      dropOwned(St, VD, /*OnlyFresh=*/true);
    if (O != St.Owned.end() || !Param)
      return;
    U = PtrUse::Escape;
  }
  if (U == PtrUse::Escape) {
    if (O != St.Owned.end())
      OwnedAtUse[DRE] = O->second;
    if (F != St.Fresh.end())
      FreshAtUse.insert(DRE);
    if (Emit)
      noteOwnedReturn(St, DRE, VD);
    // A copy into another local pointer ('end = stack;', 'eio =
    // &p->io_ctx;') keeps both names owned or fresh (ownOnAssign links
    // them); any other use publishes the object under every name it has.
    if ((F != St.Fresh.end() || O != St.Owned.end()) && !copiedTo(DRE)) {
      if (!St.Locks.empty() && putsIntoContainer(DRE))
        keepUntilUnlock(St, VD);
      else
        dropOwned(St, VD);
    }
    if (Param && Emit)
      EscapingParamSet.insert(*ParamIx);
  } else if (U == PtrUse::Via) {
    // Put into a container under a lock ('q_insert_tail(&done, &w->link)'):
    // the object is this thread's until the lock is released, then
    // published.
    if ((F != St.Fresh.end() || O != St.Owned.end()) && !St.Locks.empty() &&
        putsIntoContainer(DRE)) {
      keepUntilUnlock(St, VD);
      return;
    }
    if (F != St.Fresh.end())
      F->second.insert(Via);
    if (O != St.Owned.end())
      O->second.insert(Via);
  }
}

void FunctionAnalyzer::findOutCells(const Stmt *Body) {
  OutCells.clear();
  if (!FD || !Body)
    return;
  llvm::DenseSet<const VarDecl *> Bad;
  for (const ParmVarDecl *P : FD->parameters()) {
    QualType T = P->getType();
    if (T->isPointerType() && T->getPointeeType()->isPointerType() &&
        !T->getPointeeType().isConstQualified())
      OutCells.insert(P);
  }
  if (OutCells.empty())
    return;
  // Every use of the parameter is '*out': no copy, step, reassignment or
  // address of it, and no lambda sees it.
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && OutCells.count(VD)) {
        const Stmt *P = parent(DRE);
        while (P && (isa<ParenExpr>(P) ||
                     (isa<ImplicitCastExpr>(P) &&
                      cast<ImplicitCastExpr>(P)->getCastKind() == CK_LValueToRValue)))
          P = parent(P);
        const auto *UO = dyn_cast_or_null<UnaryOperator>(P);
        if (!UO || UO->getOpcode() != UO_Deref)
          Bad.insert(VD);
      }
    if (const auto *LE = dyn_cast<LambdaExpr>(S))
      for (const LambdaCapture &C : LE->captures())
        if (C.capturesVariable())
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            Bad.insert(VD);
    for (const Stmt *C : S->children())
      Walk(C);
  };
  Walk(Body);
  for (const VarDecl *VD : Bad)
    OutCells.erase(VD);
}

const VarDecl *FunctionAnalyzer::outCell(const Expr *E) const {
  if (OutCells.empty() || !E)
    return nullptr;
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
  if (!UO || UO->getOpcode() != UO_Deref)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && OutCells.count(VD) ? VD : nullptr;
}

const VarDecl *FunctionAnalyzer::pointerName(const Expr *E) const {
  if (const VarDecl *Cell = outCell(E))
    return Cell;
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && !OutCells.count(VD) ? VD : nullptr;
}

void FunctionAnalyzer::trackOutCell(State &St, const DeclRefExpr *DRE, const VarDecl *VD) {
  auto F = St.Fresh.find(VD);
  auto O = St.Owned.find(VD);
  if (F == St.Fresh.end() && O == St.Owned.end())
    return;
  // The cell's value: '*out', through parentheses and the load.
  const Stmt *Cell = DRE;
  for (const Stmt *P = parent(Cell); P && !isa<UnaryOperator>(Cell); P = parent(P))
    Cell = P;
  for (const Stmt *P = parent(Cell); P && isa<ImplicitCastExpr>(P) &&
                                     cast<ImplicitCastExpr>(P)->getCastKind() == CK_LValueToRValue;
       P = parent(P))
    Cell = P;
  Id Via;
  PtrUse U = pointerUse(cast<Expr>(Cell), VD, Via);
  if (U == PtrUse::Reach || U == PtrUse::Def)
    return;
  if (U == PtrUse::Via) {
    if (F != St.Fresh.end())
      F->second.insert(Via);
    if (O != St.Owned.end())
      O->second.insert(Via);
    return;
  }
  // Let go; a call through a function value publishes a fresh object, and
  // a taken one stays the owner's for the call (trackPointers).
  if (U == PtrUse::Indirect && O != St.Owned.end())
    return;
  dropOwned(St, VD);
}

const Expr *FunctionAnalyzer::accessBase(const Expr *E) {
  const Expr *X = E ? E->IgnoreParenImpCasts() : nullptr;
  while (X) {
    if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      // '(&s->head)->first' is 's->head.first' (the BSD queue macros,
      // 'STAILQ_INIT(&c->q)'): the object is the one s points to.
      const Expr *B = ME->getBase()->IgnoreParenCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(B); ME->isArrow() && UO &&
                                                       UO->getOpcode() == UO_AddrOf) {
        X = UO->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      if (ME->isArrow())
        return ME->getBase();
      X = ME->getBase()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      const Expr *B = AS->getBase()->IgnoreParenImpCasts();
      if (B->getType()->isPointerType())
        return B;
      X = B;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref)
      return UO->getSubExpr();
    if (X->getType()->isPointerType()) // free(p), delete p: the object p points to
      return X;
    // s.f where s is a reference: the object it is bound to.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      if (DRE->getDecl()->getType()->isReferenceType())
        return X;
    return nullptr;
  }
  return nullptr;
}

void FunctionAnalyzer::noteFresh(const State &St, const Expr *E, AccessFact &A) const {
  if ((St.Fresh.empty() && St.Owned.empty()) || !E)
    return;
  const VarDecl *VD = pointerName(strip(accessBase(E)));
  if (!VD)
    return;
  auto It = St.Fresh.find(VD);
  if (It != St.Fresh.end()) {
    A.Fresh = true;
    A.FreshVia.assign(It->second.begin(), It->second.end());
  } else if (auto O = St.Owned.find(VD); O != St.Owned.end()) {
    A.HandedOff = true;
    A.FreshVia.assign(O->second.begin(), O->second.end());
  }
}

void FunctionAnalyzer::findReassigned(const Stmt *S) {
  if (!S)
    return;
  auto Var = [](const Expr *E) -> const VarDecl * {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
    return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (const VarDecl *VD = Var(BO->getLHS()); VD && !AssignedAlias.count(VD))
        Reassigned.insert(VD);
  } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      if (const VarDecl *VD = Var(UO->getSubExpr()))
        Reassigned.insert(VD);
  } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
    // Bound to a non-const reference parameter: the callee may reassign it.
    if (const FunctionDecl *F = CE->getDirectCallee()) {
      unsigned Skip = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(F) ? 1 : 0;
      for (unsigned I = Skip; I < CE->getNumArgs() && I - Skip < F->getNumParams(); ++I) {
        QualType PT = F->getParamDecl(I - Skip)->getType();
        if (PT->isReferenceType() && !PT.getNonReferenceType().isConstQualified())
          if (const VarDecl *VD = Var(CE->getArg(I)))
            Reassigned.insert(VD);
      }
    }
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getType()->isReferenceType() &&
            !VD->getType().getNonReferenceType().isConstQualified())
          if (const VarDecl *T = Var(VD->getInit()))
            Reassigned.insert(T);
  }
  for (const Stmt *C : S->children())
    findReassigned(C);
}

void FunctionAnalyzer::noteViaParam(const Expr *E, AccessFact &A) const {
  const Expr *Base = accessBase(E);
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(Base));
  if (!DRE || paramIndex(DRE) < 0) {
    A.DerivedParam = derivedParam(Base);
    // free(st.buf): the object the member points to.
    noteDerivedMember(Base || !E || !E->getType()->isPointerType() ? Base : E, E, A);
    if (const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr)
      if (auto It = RegisteredLocals.find(VD); It != RegisteredLocals.end())
        if (TU.SM.isBeforeInTranslationUnit(It->second.LastAssign,
                                            TU.SM.getExpansionLoc(E->getBeginLoc())))
          A.RegBase = int(It->second.Base);
    return;
  }
  int I = paramIndex(DRE);
  if (I < 0 || Reassigned.count(dyn_cast<VarDecl>(DRE->getDecl())) ||
      Reassigned.count(FD->getParamDecl(unsigned(I))))
    return;
  A.ViaParam = I;
}

void FunctionAnalyzer::noteOrigin(const Expr *E, AccessFact &A) const {
  if (!A.ClassLevel)
    return;
  OriginNamer Namer(TU, FD, nullptr);
  std::string O = Namer.accessOrigin(E, A.Field);
  if (O != "?")
    A.Origin = std::move(O);
  if (llvm::StringRef(A.Origin).starts_with("e:")) {
    std::string Embed = A.Embed;
    A.Container = Namer.containerOrigin(E, A.Field, Embed);
    A.Embed = Embed;
  }
}

std::string FunctionAnalyzer::throughOwner(const Expr *Callee) const {
  const MemberExpr *ME = calleeMember(Callee);
  return ME ? OriginNamer(TU, FD, nullptr).fnObjectNode(ME->getBase()) : "";
}

void FunctionAnalyzer::noteArgOrigins(const FunctionDecl *Callee,
                                      llvm::ArrayRef<const Expr *> Args, CallFact &C) const {
  OriginNamer Namer(TU, FD, nullptr);
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    if (!Callee->getParamDecl(I)->getType()->isPointerType())
      continue;
    std::string N = Namer.valueOf(Args[I]);
    if (!N.empty() && N != "?" && N != "*")
      C.ArgOrigins.push_back({I, std::move(N)});
    if (std::string O = Namer.fnObjectNode(Args[I]); !O.empty())
      C.ArgObjects.push_back({I, std::move(O)});
  }
}

void FunctionAnalyzer::noteArgValues(llvm::ArrayRef<const Expr *> Args, CallFact &C) const {
  OriginNamer Namer(TU, FD, nullptr);
  C.ArgsSeen = true;
  for (unsigned I = 0; I < Args.size(); ++I)
    if (Args[I]->IgnoreParenImpCasts()->getType()->isPointerType() ||
        Args[I]->getType()->isPointerType())
      C.ArgValues.push_back({I, Namer.valueOf(Args[I])});
}

void FunctionAnalyzer::noteFreshArgs(const State &St, llvm::ArrayRef<const Expr *> Args,
                                     CallFact &C) const {
  if (St.Fresh.empty())
    return;
  std::set<Id> Via;
  for (unsigned I = 0; I < Args.size(); ++I) {
    const Expr *X = strip(Args[I]);
    // p itself, or the address of something inside *p (&p->f).
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
      X = accessBase(UO->getSubExpr());
    else if (X && !X->getType()->isPointerType())
      X = nullptr;
    const VarDecl *VD = pointerName(strip(X));
    if (!VD)
      continue;
    auto It = St.Fresh.find(VD);
    if (It == St.Fresh.end())
      continue;
    C.FreshArgs.push_back(I);
    Via.insert(It->second.begin(), It->second.end());
  }
  C.FreshVia.assign(Via.begin(), Via.end());
}

void FunctionAnalyzer::noteFreshMembers(const Stmt *S, llvm::ArrayRef<const Expr *> Args,
                                        CallFact &C) const {
  if (LocalMemberSets.empty())
    return;
  for (unsigned I = 0; I < Args.size(); ++I) {
    const auto *UO = dyn_cast_or_null<UnaryOperator>(strip(Args[I]));
    const auto *DRE = UO && UO->getOpcode() == UO_AddrOf
                          ? dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts())
                          : nullptr;
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD)
      continue;
    for (auto It = LocalMemberSets.lower_bound({VD, nullptr});
         It != LocalMemberSets.end() && It->first.first == VD; ++It)
      if (freshMemberAt(VD, It->first.second, S))
        C.FreshMembers.push_back({I, memberFieldName(It->first.second)});
  }
  std::sort(C.FreshMembers.begin(), C.FreshMembers.end());
}

void FunctionAnalyzer::recordBufferArgs(State &St, const Stmt *S, const FunctionDecl *Callee,
                                        llvm::ArrayRef<const Expr *> Args) {
  // The functions whose contract is to fill or copy the buffers they are
  // given (free() is modelled in recordCall; others, e.g. strtok, are not
  // taken to touch them).
  if (!Callee->getIdentifier() ||
      !llvm::StringSwitch<bool>(Callee->getName())
           .Cases("memcpy", "memmove", "memset", "memcmp", "strcpy", "strncpy", true)
           .Cases("strcat", "strncat", "read", "pread", "recv", "fread", true)
           .Cases("write", "pwrite", "send", "fwrite", true)
           .Default(false))
    return;
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    QualType PT = Callee->getParamDecl(I)->getType();
    if (!PT->isPointerType())
      continue;
    QualType Pointee = PT->getPointeeType();
    if (!Pointee->isVoidType() && !Pointee->isCharType())
      continue;
    const Expr *X = strip(Args[I]);
    if (!X || !X->getType()->isPointerType())
      continue; // &x and arrays are named by accessKind
    AccessFact A;
    if (int PI = paramIndex(X); PI >= 0 && !FD->getParamDecl(unsigned(PI))->getType()->isReferenceType()) {
      A.Loc = paramId(unsigned(PI));
      A.Name = "*" + FD->getParamDecl(unsigned(PI))->getNameAsString();
    } else if (const VarDecl *P = heapPointer(X)) {
      A.Loc = heapId(P);
      A.Name = "*" + P->getNameAsString();
    } else if (const VarDecl *GP = globalPointer(X)) {
      A.Loc = makeId(IdKind::Pointee, usrOf(GP));
      A.Name = "*" + varName(GP);
    } else {
      continue;
    }
    A.Write = !Pointee.isConstQualified();
    A.Where = factLoc(Args[I]->getExprLoc());
    A.Held = heldAt(St, S);
    A.Live = St.live();
    A.Dropped = dropped(St);
    noteFresh(St, X, A);
    noteViaParam(X, A);
    A.NullGuards = nullGuards(S);
    Out.Accesses.push_back(std::move(A));
  }
}

void FunctionAnalyzer::recordArgOnlyLocals() {
  std::set<Id> Ids;
  for (const VarDecl *VD : TU.EscapedLocals) {
    if (VD->getParentFunctionOrMethod() != FD || TU.SharedLocals.count(VD))
      continue;
    auto T = TU.AddrTaken.find(VD), A = TU.AddrAsArg.find(VD);
    unsigned Taken = T == TU.AddrTaken.end() ? 0 : T->second;
    unsigned AsArg = A == TU.AddrAsArg.end() ? 0 : A->second;
    if (Taken != 0 && Taken == AsArg)
      Ids.insert(localId(VD));
  }
  Out.ArgOnlyLocals.assign(Ids.begin(), Ids.end());
  Out.EscapingParams.assign(EscapingParamSet.begin(), EscapingParamSet.end());
  // A heap pointer whose uses the walk saw (never address-taken nor seen
  // by reference, so it held the allocation from its declaration on) and
  // none of which let it go.
  // Heap pointers that hold only this activation's allocations, published
  // or not, are ActivationHeaps.
  std::map<Id, std::vector<Id>> Kept;
  std::set<Id> Own;
  for (const VarDecl *VD : HeapDecls) {
    if (TU.AddrTaken.count(VD) || TU.RefCaptured.count(VD))
      continue;
    if (!PublishedHeaps.count(VD)) {
      const std::set<Id> &V = HeapVias[VD];
      Kept[heapId(VD)].assign(V.begin(), V.end());
    }
    if (!RepointedHeaps.count(VD))
      Own.insert(heapId(VD));
  }
  Out.KeptHeaps.assign(Kept.begin(), Kept.end());
  Out.ActivationHeaps.assign(Own.begin(), Own.end());
}

std::optional<uint64_t> constantOrder(const Expr *Order, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (Order && Order->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getLimitedValue();
  return std::nullopt;
}

namespace {

/// The memory order an atomic operation names (C11 / GCC numbering: 0
/// relaxed, 1 consume, 2 acquire, 3 release, 4 acq_rel, 5 seq_cst); seq_cst
/// when it names none.
unsigned orderOf(const Expr *Order, ASTContext &Ctx) {
  return unsigned(std::min<uint64_t>(constantOrder(Order, Ctx).value_or(5), 5));
}

bool isMemoryOrder(QualType T) {
  std::string N = T.getCanonicalType().getUnqualifiedType().getAsString();
  return N.find("memory_order") != std::string::npos;
}

} // namespace

void FunctionAnalyzer::recordSyncCall(const Stmt *S) {
  const auto *CE = dyn_cast<CallExpr>(S);
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  if (!F || !F->getIdentifier() || userDefined(F, TU))
    return;
  llvm::StringRef N = F->getName();
  const Expr *Obj = nullptr;
  bool Release = false, Acquire = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    // std::counting_semaphore / binary_semaphore, std::latch, std::barrier.
    // The object's own class, not the base a method was found in
    // (std::future's wait() is std::__basic_future's).
    Obj = MC->getImplicitObjectArgument();
    std::string Cls = Obj ? recordName(strip(Obj)->getType()) : std::string();
    if (Cls == "std::promise") {
      // set_value() releases the shared state that the future's get() or
      // wait() acquires; the future is named by its promise.
      Release = N == "set_value" || N == "set_exception";
    } else if (Cls == "std::future" || Cls == "std::shared_future") {
      Acquire = N == "get" || N == "wait";
      // 'auto f = p.get_future();': f is p's.
      const auto *DRE = dyn_cast<DeclRefExpr>(strip(Obj));
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      const Expr *Init = VD && VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr;
      if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init); CE && CE->getNumArgs() == 1)
        Init = CE->getArg(0)->IgnoreImplicit();
      const auto *GF = dyn_cast_or_null<CXXMemberCallExpr>(Init);
      if (!GF || !GF->getMethodDecl() || GF->getMethodDecl()->getName() != "get_future")
        return;
      Obj = GF->getImplicitObjectArgument();
    } else if (Cls == "std::counting_semaphore" || Cls == "std::binary_semaphore" ||
               Cls == "std::latch" || Cls == "std::barrier") {
      // A std::barrier's arrive_and_wait is a phase boundary (isBarrierWait,
      // extract/Phases.cpp), not a one-time hand-off.
      Release = N == "release" || N == "count_down" || N == "arrive";
      Acquire = N == "acquire" || N == "wait";
    } else {
      return;
    }
  } else if (CE->getNumArgs() >= 1) {
    Obj = CE->getArg(0);
    // pthread_barrier_wait: a phase boundary (extract/Phases.cpp).
    Release = N == "sem_post";
    Acquire = N == "sem_wait";
  }
  if (!Obj || (!Release && !Acquire))
    return;
  // Named as a lock is (a global, a member's class, a parameter), so that a
  // post and a wait on one object meet.
  const Expr *X = strip(Obj);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    X = strip(UO->getSubExpr());
  HeldLock H = X ? lockOf(X, X->getBeginLoc()) : HeldLock();
  if (H.Id.empty())
    return;
  SyncFact Sync;
  Sync.Loc = H.Id;
  Sync.Where = TU.loc(CE->getExprLoc());
  if (Release) {
    Sync.Release = true;
    Sync.InLoop = enclosingLoop(S) != nullptr;
    Out.Syncs.push_back(Sync);
  }
  if (Acquire) {
    // Returns only once a post (every party's arrival) happened: as a spin.
    Sync.Release = false;
    Sync.InLoop = false;
    Sync.Spin = true;
    Out.Syncs.push_back(Sync);
  }
}

void FunctionAnalyzer::recordSync(const Expr *E, const AccessFact &A) {
  if (!A.Atomic) {
    // A plain poll: 'while (p->alive) sleep(1);'. The poll is itself a race
    // (reported); what it was written to order is not reported again.
    if (const Stmt *L = A.Write ? nullptr : loopTestedBy(E); L && pollLoop(L) && exitNeeds(E, L)) {
      SyncFact S;
      S.Loc = A.Loc;
      S.Spin = true;
      S.ToZero = exitsOnZero(E, L);
      S.Where = TU.loc(L->getEndLoc());
      Out.Syncs.push_back(std::move(S));
    }
    return;
  }
  // The operation the access is the object of.
  unsigned Order = 5;
  const Stmt *Op = nullptr;
  for (const Stmt *P = parent(E); P; P = parent(P)) {
    if (isValueCast(P) || isa<MemberExpr>(P) ||
        (isa<UnaryOperator>(P) && cast<UnaryOperator>(P)->getOpcode() == UO_AddrOf))
      continue;
    if (isa<AtomicExpr>(P) || isa<CallExpr>(P))
      Op = P;
    break;
  }
  if (const auto *AE = dyn_cast_or_null<AtomicExpr>(Op)) {
    Order = orderOf(AE->getOrder(), Ctx);
  } else if (const auto *CE = dyn_cast_or_null<CallExpr>(Op)) {
    const FunctionDecl *F = CE->getDirectCallee();
    llvm::StringRef N = F && F->getIdentifier() ? F->getName() : "";
    if (!N.starts_with("__sync_"))
      for (const Expr *Arg : CE->arguments())
        if (isMemoryOrder(Arg->IgnoreParenImpCasts()->getType()) || isMemoryOrder(Arg->getType())) {
          Order = orderOf(Arg, Ctx);
          break;
        }
  }
  bool Acquire = Order == 1 || Order == 2 || Order == 4 || Order == 5;
  bool Release = Order == 3 || Order == 4 || Order == 5;
  if (A.Write && Release) {
    SyncFact S;
    S.Loc = A.Loc;
    S.Release = true;
    S.InLoop = enclosingLoop(E) != nullptr;
    S.Where = A.Where;
    Out.Syncs.push_back(std::move(S));
  }
  if (!Acquire)
    return;
  // A loop that waits on it: 'while (!load(&ready));', 'do ... while (!cas)'.
  if (const Stmt *L = loopTestedBy(E)) {
    SyncFact S;
    S.Loc = A.Loc;
    S.Spin = true;
    // What follows the loop has seen the value: the loop's end.
    S.Where = TU.loc(L->getEndLoc());
    Out.Syncs.push_back(std::move(S));
  }
}

const Stmt *FunctionAnalyzer::loopTestedBy(const Expr *E) const {
  const Stmt *Child = E;
  for (const Stmt *P = parent(E); P; Child = P, P = parent(P)) {
    const Stmt *Cond = nullptr;
    if (const auto *W = dyn_cast<WhileStmt>(P))
      Cond = W->getCond();
    else if (const auto *D = dyn_cast<DoStmt>(P))
      Cond = D->getCond();
    else if (const auto *F = dyn_cast<ForStmt>(P))
      Cond = F->getCond();
    else if (isa<Expr>(P))
      continue;
    return Cond && Cond == Child ? P : nullptr;
  }
  return nullptr;
}

bool FunctionAnalyzer::exitNeeds(const Expr *E, const Stmt *Loop) const {
  // Leaving 'while (A && B)' needs only one of them false: neither read need
  // have seen a write ('while (head == tail && !shutdown)' leaves on a job).
  // Leaving 'while (A || B)' needs both false: each was read.
  // What counts is the negations above each operator (read from the top).
  unsigned Nots = 0;
  llvm::SmallVector<std::pair<BinaryOperatorKind, unsigned>, 4> Logic; // (op, nots below)
  for (const Stmt *P = parent(E); P && P != Loop; P = parent(P)) {
    if (const auto *UO = dyn_cast<UnaryOperator>(P); UO && UO->getOpcode() == UO_LNot)
      ++Nots;
    else if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->isLogicalOp())
      Logic.push_back({BO->getOpcode(), Nots});
    else if (isa<AbstractConditionalOperator>(P))
      return false;
  }
  return std::none_of(Logic.begin(), Logic.end(), [&](const auto &L) {
    bool Negated = (Nots - L.second) % 2;
    return L.first == (Negated ? BO_LOr : BO_LAnd);
  });
}

int FunctionAnalyzer::countStep(const Expr *E) const {
  const Stmt *P = parent(E);
  while (P && isa<ParenExpr>(P))
    P = parent(P);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P); UO && UO->isIncrementDecrementOp())
    return UO->isIncrementOp() ? 1 : -1;
  const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
  if (BO && BO->getOpcode() == BO_AddAssign)
    return 1;
  return BO && BO->getOpcode() == BO_SubAssign ? -1 : 0;
}

bool FunctionAnalyzer::exitsOnZero(const Expr *E, const Stmt *Loop) const {
  // The loop goes on while the test holds; the test is the value itself (a
  // truth test) or its comparison with 0, under some negations.
  bool OnZero = true; // 'while (n)': goes on while n is non-zero
  const Stmt *P = parent(E);
  while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P)))
    P = parent(P);
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P); BO && BO->isComparisonOp()) {
    const Expr *Other = (BO->getLHS()->IgnoreParenImpCasts() == E->IgnoreParenImpCasts()
                             ? BO->getRHS() : BO->getLHS())->IgnoreParenImpCasts();
    const auto *Lit = dyn_cast<IntegerLiteral>(Other);
    if (!Lit || Lit->getValue() != 0)
      return false; // 'while (n != k)': a count, not zero
    BinaryOperatorKind Op = BO->getOpcode();
    if (Op == BO_EQ)
      OnZero = false;
    else if (Op != BO_NE && !(Op == BO_GT && BO->getRHS()->IgnoreParenImpCasts() == Other) &&
             !(Op == BO_LT && BO->getLHS()->IgnoreParenImpCasts() == Other))
      return false;
    P = parent(BO);
  }
  for (; P && P != Loop; P = parent(P))
    if (const auto *UO = dyn_cast<UnaryOperator>(P); UO && UO->getOpcode() == UO_LNot)
      OnZero = !OnZero;
  return OnZero;
}

/// Body (a loop's) may leave its loop other than through the loop's
/// condition: a 'break' of that loop (not of a nested loop or switch), or a
/// 'goto'. A 'return' leaves the function: nothing after the loop runs.
static bool leavesEarly(const Stmt *Body, bool Nested = false) {
  if (!Body || isa<LambdaExpr>(Body))
    return false;
  if (isa<GotoStmt>(Body) || isa<IndirectGotoStmt>(Body) || (!Nested && isa<BreakStmt>(Body)))
    return true;
  bool Inner = Nested || isa<WhileStmt>(Body) || isa<DoStmt>(Body) || isa<ForStmt>(Body) ||
               isa<CXXForRangeStmt>(Body) || isa<SwitchStmt>(Body);
  for (const Stmt *C : Body->children())
    if (leavesEarly(C, Inner))
      return true;
  return false;
}

bool FunctionAnalyzer::pollLoop(const Stmt *Loop) const {
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    std::tie(Cond, Body) = std::make_pair(W->getCond(), W->getBody());
  else if (const auto *D = dyn_cast<DoStmt>(Loop))
    std::tie(Cond, Body) = std::make_pair(D->getCond(), D->getBody());
  else if (const auto *F = dyn_cast<ForStmt>(Loop))
    std::tie(Cond, Body) = std::make_pair(F->getCond(), F->getBody());
  if (!Cond)
    return false;
  // The variables and members the condition reads.
  llvm::SmallPtrSet<const ValueDecl *, 8> Read;
  forEachStmt(Cond, [&](const Stmt *S) {
    if (isa<DeclRefExpr>(S) || isa<MemberExpr>(S))
      Read.insert(namedBy(cast<Expr>(S)));
    return true;
  });
  // Pointers the condition reads through ('*pos', 'q->len', 'a[i]'): a call
  // given one may change what is read ('while (*pos < n) code(.., pos);',
  // 'while (q->len) process(q);').
  llvm::SmallPtrSet<const ValueDecl *, 4> Bases;
  bool ThisBase = false; // and a member of this object: a call given 'this',
                         // or a non-const method called on it, may change it
  forEachStmt(Cond, [&](const Stmt *S) {
    const Expr *B = nullptr;
    if (const auto *ME = dyn_cast<MemberExpr>(S); ME && ME->isArrow())
      B = ME->getBase();
    if (B && isa<CXXThisExpr>(B->IgnoreParenCasts()))
      ThisBase = true;
    else if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->getOpcode() == UO_Deref)
      B = UO->getSubExpr();
    else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S))
      B = AS->getBase();
    if (const auto *DRE = B ? dyn_cast<DeclRefExpr>(B->IgnoreParenCasts()) : nullptr)
      Bases.insert(DRE->getDecl());
    return true;
  });
  // What the loop changes itself: the target of an assignment, an increment
  // or a decrement, or anything whose address it takes ('for (i = 0; i < n;
  // i++)', 'while (p) p = p->next;', 'while (q->n) q->n--;' are no polls).
  bool Changes = leavesEarly(Body);
  forEachStmt(Loop, [&](const Stmt *S) {
    if (const auto *CE = dyn_cast<CallExpr>(S))
      for (const Expr *Arg : CE->arguments()) {
        const Expr *A = Arg->IgnoreParenCasts();
        if (const auto *DRE = dyn_cast<DeclRefExpr>(A); DRE && Bases.count(DRE->getDecl()))
          Changes = true;
        Changes = Changes || (ThisBase && isa<CXXThisExpr>(A));
      }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S); ThisBase && MC && MC->getMethodDecl() &&
        !MC->getMethodDecl()->isConst() &&
        isa<CXXThisExpr>(MC->getImplicitObjectArgument()->IgnoreParenCasts()))
      Changes = true;
    if (Changes)
      return false;
    const Expr *T = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      T = BO->getLHS();
    else if (const auto *UO = dyn_cast<UnaryOperator>(S);
             UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf))
      T = UO->getSubExpr();
    else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S); OC && OC->getNumArgs() >= 1 &&
             (OC->isAssignmentOp() || OC->getOperator() == OO_PlusPlus ||
              OC->getOperator() == OO_MinusMinus))
      T = OC->getArg(0);
    else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
             MC && MC->getMethodDecl() && !MC->getMethodDecl()->isConst())
      T = MC->getImplicitObjectArgument(); // 'it.next()'
    if (const ValueDecl *D = T ? namedBy(T) : nullptr; D && Read.count(D))
      Changes = true;
    return !Changes;
  });
  return !Changes;
}

bool FunctionAnalyzer::countOperand(const Expr *E, const Id &Loc, bool ClassLevel,
                                     llvm::StringRef Field) {
  const Expr *X = E->IgnoreParens();
  if (!X->getType()->isIntegerType())
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD && VD->hasGlobalStorage() && !ClassLevel && Loc.kind() == IdKind::Usr;
  }
  return isa<MemberExpr>(X) && !Field.empty();
}

void FunctionAnalyzer::recordCount(const Expr *E, const AccessFact &A) {
  if (A.Atomic || !countOperand(E, A.Loc, A.ClassLevel, A.Field))
    return;
  // A member's count serves completions only, which need a lock: one changed
  // or tested holding none, or reset, is not recorded.
  const bool Member = isa<MemberExpr>(E->IgnoreParens());
  if (Member && A.Held.empty())
    return;
  CountFact C;
  C.Counter = A.Loc;
  C.Where = A.Where;
  C.Held = A.Held;
  const Stmt *P = parent(E);
  while (P && isa<ParenExpr>(P))
    P = parent(P);
  auto IsValue = [&](const Expr *V, int64_t Want) {
    Expr::EvalResult R;
    return V && !V->isValueDependent() && V->EvaluateAsInt(R, Ctx) && R.Val.getInt() == Want;
  };
  if (A.Write) {
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P); UO && UO->isIncrementDecrementOp()) {
      C.K = UO->isIncrementOp() ? CountFact::Increment : CountFact::Decrement;
    } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
      if (BO->getOpcode() == BO_AddAssign && IsValue(BO->getRHS(), 1))
        C.K = CountFact::Increment;
      else if (BO->getOpcode() == BO_SubAssign && IsValue(BO->getRHS(), 1))
        C.K = CountFact::Decrement;
      else if (BO->getOpcode() == BO_Assign && IsValue(BO->getRHS(), 0) && !Member)
        C.K = CountFact::Reset;
      else
        return;
    } else {
      return;
    }
    Out.Counts.push_back(std::move(C));
    return;
  }
  // A read in the condition of the loop around it: 'while (n < k) ...'.
  if (const Stmt *L = loopTestedBy(E)) {
    C.K = CountFact::Test;
    C.Where = TU.loc(L->getBeginLoc());
    C.End = TU.loc(L->getEndLoc());
    Out.Counts.push_back(std::move(C));
  }
}

namespace {
/// Does S create a thread (a direct thread creation, not a wrapper)?
bool startsThreads(const Stmt *S) {
  return !forEachStmt(S, [](const Stmt *X) { return classifySpawn(X).Api == ThreadApi::None; });
}

class CommonPointees : public LoopStackVisitor<CommonPointees> {
public:
  explicit CommonPointees(TUContext &TU) : TU(TU) {}

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (Loops.empty() || BO->getOpcode() != BO_Assign)
      return true;
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParens());
    if (!ME || !ME->getType()->isPointerType())
      return true;
    // 'x.f = &v': v itself; 'x.f = p': the object the pointer p holds,
    // when p keeps one value over the loop (declared outside it and not
    // assigned inside it).
    const Expr *RHS = BO->getRHS()->IgnoreParenImpCasts();
    const auto *Addr = dyn_cast<UnaryOperator>(RHS);
    bool ByAddress = Addr && Addr->getOpcode() == UO_AddrOf;
    const auto *DRE = dyn_cast<DeclRefExpr>(ByAddress ? Addr->getSubExpr()->IgnoreParens() : RHS);
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!V || (!ByAddress && !V->getType()->isPointerType()))
      return true;
    // A variable declared inside the loop is a new one each iteration.
    if (!V->hasGlobalStorage() &&
        TU.SM.isBeforeInTranslationUnit(Loops.back()->getBeginLoc(), V->getLocation()))
      return true;
    // A pointer's: only in a loop that starts threads (the per-thread
    // argument blocks), where it keeps its value (a list walk's 'h->loop =
    // loop' says nothing of threads).
    if (!ByAddress && (reassignedVars(Loops.back()).count(V) || !startsThreads(Loops.back())))
      return true;
    std::string R = recordName(ByAddress ? V->getType() : V->getType()->getPointeeType());
    if (!R.empty())
      TU.SharedClasses.insert(R);
    // The member holds that one object, whoever owns it (TUFacts::OneObjectNodes).
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (std::string Key = OriginNamer(TU, nullptr, nullptr).fieldKey(F); !Key.empty())
        TU.OneObjectNodes.insert("f:" + Key);
    return true;
  }

private:
  TUContext &TU;
};
} // namespace

void collectCommonPointees(TUContext &TU, const FunctionDecl *FD) {
  if (Stmt *Body = FD->getBody())
    CommonPointees(TU).TraverseStmt(Body);
}

} // namespace extract
} // namespace parcheck
