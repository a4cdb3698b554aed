//===- Escape.cpp - fresh objects, escaping pointers, atomic hand-offs ----===//
//
// Facts for ownership and escape (the analysis decides; see "ownership and
// escape" in analysis/Ownership.cpp):
//   * State::Fresh: local pointers that hold a fresh allocation (new, malloc,
//     an *alloc* wrapper) and whose value has not been published on any path
//     here. A use of the pointer value publishes it unless it only reaches
//     the object (p->f, *p, p[i], a test, a library call such as memset or
//     free); handing it to a direct call of user code is remembered as that
//     callee's parameter (AccessFact::FreshVia).
//   * EscapingParams: pointer parameters whose value escapes the same way.
//   * ArgOnlyLocals: escaping locals whose every '&x' is a direct call's
//     argument.
// And for happens-before through atomics: SyncFacts for release stores and
// acquire loads a loop waits on.
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

namespace parcheck {
namespace extract {

namespace {

bool isValueCast(const Stmt *S) {
  return isa<ParenExpr>(S) || isa<ImplicitCastExpr>(S) || isa<CStyleCastExpr>(S) ||
         isa<CXXStaticCastExpr>(S) || isa<CXXReinterpretCastExpr>(S) ||
         isa<CXXConstCastExpr>(S) || isa<CXXFunctionalCastExpr>(S);
}

} // namespace

FunctionAnalyzer::PtrUse FunctionAnalyzer::pointerUse(const DeclRefExpr *DRE,
                                                      std::string &Via) const {
  const Stmt *Cur = DRE;
  const Stmt *P = parent(DRE);
  while (P && isValueCast(P)) {
    Cur = P;
    P = parent(P);
  }
  if (!P)
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
    return PtrUse::Escape; // &p, p++
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
    if (BO->isAssignmentOp() && Same(BO->getLHS()))
      return BO->getOpcode() == BO_Assign ? PtrUse::Def : PtrUse::Escape;
    if (BO->isComparisonOp() || BO->isLogicalOp())
      return PtrUse::Reach;
    return PtrUse::Escape;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(P))
    return Same(CO->getCond()) ? PtrUse::Reach : PtrUse::Escape;
  if (isa<IfStmt>(P) || isa<WhileStmt>(P) || isa<DoStmt>(P) || isa<ForStmt>(P) ||
      isa<SwitchStmt>(P))
    return PtrUse::Reach;
  if (const auto *CE = dyn_cast<CallExpr>(P)) {
    if (Same(CE->getCallee()))
      return PtrUse::Reach;
    const FunctionDecl *F = CE->getDirectCallee();
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
  return PtrUse::Escape; // stored, returned, initialises another variable, ...
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
        if (VD->getInit() && isFreshAllocation(VD->getInit()) && ownable(VD))
          St.Fresh[VD].clear();
        else
          St.Fresh.erase(VD);
      }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (!BO->isAssignmentOp())
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); LocalPointer(VD)) {
        if (BO->getOpcode() == BO_Assign && isFreshAllocation(BO->getRHS()) && ownable(VD))
          St.Fresh[VD].clear();
        else
          St.Fresh.erase(VD);
      }
    return;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable())
        if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar())) {
          St.Fresh.erase(VD);
          if (Emit)
            if (const auto *PV = dyn_cast<ParmVarDecl>(VD); PV && PV->getDeclContext() == FD)
              EscapingParamSet.insert(PV->getFunctionScopeIndex());
        }
    return;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(S);
  if (!DRE)
    return;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !VD->getType()->isPointerType())
    return;
  const auto *PV = dyn_cast<ParmVarDecl>(VD);
  bool Param = PV && PV->getDeclContext() == FD;
  auto F = St.Fresh.find(VD);
  if (!Param && F == St.Fresh.end())
    return;
  std::string Via;
  PtrUse U = pointerUse(DRE, Via);
  if (U == PtrUse::Escape) {
    if (F != St.Fresh.end())
      St.Fresh.erase(F);
    if (Param && Emit)
      EscapingParamSet.insert(PV->getFunctionScopeIndex());
  } else if (U == PtrUse::Via && F != St.Fresh.end()) {
    F->second.insert(Via);
  }
}

void FunctionAnalyzer::noteFresh(const State &St, const Expr *E, AccessFact &A) const {
  if (St.Fresh.empty() || !E)
    return;
  // The pointer the access goes through first: p->a.b, p[i], *p.
  const Expr *X = E->IgnoreParenImpCasts();
  const Expr *Base = nullptr;
  for (;;) {
    if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      if (ME->isArrow()) {
        Base = ME->getBase();
        break;
      }
      X = ME->getBase()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      const Expr *B = AS->getBase()->IgnoreParenImpCasts();
      if (B->getType()->isPointerType()) {
        Base = B;
        break;
      }
      X = B;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref) {
      Base = UO->getSubExpr();
      break;
    }
    if (X->getType()->isPointerType()) { // free(p), delete p: the object p points to
      Base = X;
      break;
    }
    return;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(strip(Base));
  if (!DRE)
    return;
  auto It = St.Fresh.find(dyn_cast<VarDecl>(DRE->getDecl()));
  if (It == St.Fresh.end())
    return;
  A.Fresh = true;
  A.FreshVia.assign(It->second.begin(), It->second.end());
}

void FunctionAnalyzer::recordArgOnlyLocals() {
  std::set<std::string> Ids;
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
}

namespace {

/// The memory order an atomic operation names (C11 / GCC numbering: 0
/// relaxed, 1 consume, 2 acquire, 3 release, 4 acq_rel, 5 seq_cst); seq_cst
/// when it names none.
unsigned orderOf(const Expr *Order, ASTContext &Ctx) {
  Expr::EvalResult R;
  if (Order && Order->EvaluateAsInt(R, Ctx))
    return unsigned(R.Val.getInt().getLimitedValue(5));
  return 5;
}

bool isMemoryOrder(QualType T) {
  std::string N = T.getCanonicalType().getUnqualifiedType().getAsString();
  return N.find("memory_order") != std::string::npos;
}

} // namespace

void FunctionAnalyzer::recordSync(const Expr *E, const AccessFact &A) {
  if (!A.Atomic)
    return;
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
    if (Cond && Cond == Child) {
      SyncFact S;
      S.Loc = A.Loc;
      S.Spin = true;
      // What follows the loop has seen the value: the loop's end.
      S.Where = TU.loc(P->getEndLoc());
      Out.Syncs.push_back(std::move(S));
    }
    break;
  }
}

} // namespace extract
} // namespace parcheck
