//===- LockFlow.cpp - lock operations through the walk --------------------===//
#include "extract/FunctionAnalyzer.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace parcheck {
namespace extract {

HeldLock FunctionAnalyzer::lockOf(const Expr *E, SourceLocation At) {
  HeldLock H;
  H.Where = TU.loc(At);
  const Expr *X = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(X))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      X = strip(UO->getSubExpr());
  bool Array = false;
  // 'locks[0]' of a global array: that element, its own lock ('locks[0]' and
  // 'locks[1]' can deadlock each other); any other index: the whole array.
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X))
    if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(AS->getBase())))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->hasGlobalStorage() && VD->getType()->isArrayType())
        if (std::optional<llvm::APSInt> I = AS->getIdx()->getIntegerConstantExpr(Ctx)) {
          std::string Ix = "[" + std::to_string(I->getExtValue()) + "]";
          H.Id = makeId(IdKind::Path, usrOf(VD) + Ix);
          H.Name = varName(VD) + Ix;
          return H;
        }
  while (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
    X = strip(AS->getBase());
    Array = true;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(X)) // locks + i
    if (BO->isAdditiveOp()) {
      X = strip(BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS());
      Array = true;
    }
  if (const auto *ME = dyn_cast<MemberExpr>(X)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      std::string Cls = F->getParent()->getQualifiedNameAsString();
      const Expr *B = ME->getBase()->IgnoreParenImpCasts();
      const auto *DRE = dyn_cast<DeclRefExpr>(B);
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (!ME->isArrow() && VD && VD->hasGlobalStorage() && !VD->getType()->isArrayType()) {
        H.Id = makeId(IdKind::Path, usrOf(VD) + "." + F->getNameAsString());
        H.Name = varName(VD) + "." + F->getNameAsString();
      } else {
        H.Id = makeId(IdKind::Field, Cls + "::" + F->getNameAsString());
        H.Name = Cls + "::" + F->getNameAsString();
      }
    } else if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) {
      H.Id = makeId(IdKind::Usr, usrOf(VD));
      H.Name = varName(VD);
    }
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (auto R = ReturnedLockLocals.find(VD); R != ReturnedLockLocals.end() && !Array) {
        HeldLock T = R->second;
        T.Where = H.Where;
        return T;
      }
      if (int I = paramIndex(DRE); I >= 0 && !Array) {
        H.Id = paramId(unsigned(I));
        H.Name = VD->getNameAsString();
      } else if (VD->hasGlobalStorage() && !Array && VD->getType()->isPointerType() &&
                 isSyncType(VD->getType()->getPointeeType())) {
        // 'lock(gm)' with 'pthread_mutex_t *gm = &m1': what gm points to,
        // which the analysis resolves through the TU's points-to facts.
        H.Id = makeId(IdKind::Pointee, usrOf(VD));
        H.Name = varName(VD);
      } else if (VD->hasGlobalStorage()) {
        H.Id = makeId(IdKind::Usr, usrOf(VD));
        H.Name = varName(VD);
      } else {
        H.Id = localId(VD);
        H.Name = VD->getNameAsString();
      }
    }
  }
  if (H.Id.empty()) {
    // Unknown shape: name it by its spelling so that equal text is one lock.
    std::string S;
    llvm::raw_string_ostream OS(S);
    X->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
    H.Id = makeId(IdKind::Expr, S);
    H.Name = S;
  }
  if (Array) {
    H.Id = makeId(IdKind::Array, H.Id);
    H.Name = H.Name + "[]";
  }
  return H;
}

const VarDecl *FunctionAnalyzer::guardVar(const Expr *E) const {
  E = strip(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

const VarDecl *FunctionAnalyzer::constructedVar(const Stmt *S) const {
  const Stmt *C = S;
  const Stmt *P = parent(S);
  while (P && (isa<ExprWithCleanups>(P) || isa<MaterializeTemporaryExpr>(P) ||
               isa<CXXBindTemporaryExpr>(P) || isa<ImplicitCastExpr>(P) ||
               isa<CXXFunctionalCastExpr>(P) || isa<ParenExpr>(P) ||
               (isa<CXXConstructExpr>(P) &&
                cast<CXXConstructExpr>(P)->getConstructor()->isCopyOrMoveConstructor()))) {
    C = P;
    P = parent(P);
  }
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getInit() && (VD->getInit() == C || VD->getInit()->IgnoreParenImpCasts() ==
                                                        cast<Expr>(C)->IgnoreParenImpCasts()))
          return VD;
  return nullptr;
}

void FunctionAnalyzer::emitLockOp(State &St, LockOpFact::Op K, const HeldLock &H, SourceLocation At,
                  bool Multi) {
  if (!Emit)
    return;
  LockOpFact F;
  F.Kind = K;
  F.Lock = H;
  F.HeldBefore = visible(St.Locks);
  F.Where = factLoc(At);
  F.Multi = Multi;
  F.MayHeld = false;
  for (const HeldLock &M : visible(St.May))
    F.MayHeld = F.MayHeld || M.Id == H.Id;
  F.MayHeldBefore = visible(mayOnly(St));
  F.Retake = (K == LockOpFact::Acquire || K == LockOpFact::TryAcquire) && EntryIds.count(H.Id) &&
             !std::binary_search(St.Locks.begin(), St.Locks.end(), H) && !St.mayHold(H.Id);
  F.Recursive = RecursiveIds.count(H.Id) != 0;
  auto Sp = CurSpell.find(H.Id);
  F.Instance = Sp == CurSpell.end() ? std::string() : Sp->second; // "": not spelled here
  auto Ord = CurOrdered.find(H.Id);
  F.Ordered = Ord != CurOrdered.end() && Ord->second;
  if (K == LockOpFact::Wait) {
    F.InLoop = CurWaitLoop;
    F.Pred = CurWaitPred;
    F.Cond = CurWaitCond;
  }
  F.Live = St.live();
  Out.LockOps.push_back(std::move(F));
}

void FunctionAnalyzer::rememberTry(const Stmt *S, const TryInfo &TI) {
  TryCalls[S] = TI;
  const Stmt *C = S;
  const Stmt *P = parent(S);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P))) {
    C = P;
    P = parent(P);
  }
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
    if (BO->getOpcode() == BO_Assign && BO->getRHS() == C)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          TryVars[VD] = TI;
  } else if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == S)
          TryVars[VD] = TI;
  }
}

void FunctionAnalyzer::acquire(State &St, const LockSet &Ls, SourceLocation At, bool Try) {
  for (const HeldLock &H : Ls) {
    AcquiredHere.insert(H.Id);
    emitLockOp(St, Try ? LockOpFact::TryAcquire : LockOpFact::Acquire, H, At, Ls.size() > 1);
    HeldLock Copy = H;
    Copy.Where = TU.loc(At);
    St.acquire(Copy);
  }
}

void FunctionAnalyzer::release(State &St, const LockSet &Ls, SourceLocation At) {
  for (const HeldLock &H : Ls) {
    if (Emit && !std::binary_search(St.Locks.begin(), St.Locks.end(), H) &&
        ReleasedUnheld.insert(H.Id).second)
      ReleasedUnheldLocks.push_back(H);
    if (CollectFirst && !St.Taken.count(H.Id) && !EntryIds.count(H.Id) &&
        std::find(ReleasedFirst.begin(), ReleasedFirst.end(), H) == ReleasedFirst.end())
      ReleasedFirst.push_back(H);
    emitLockOp(St, LockOpFact::Release, H, At, false);
    St.remove(H.Id);
  }
}

bool FunctionAnalyzer::chosenByComparison(const Expr *E) const {
  std::vector<const Stmt *> Todo{E};
  while (!Todo.empty()) {
    const Stmt *S = Todo.back();
    Todo.pop_back();
    if (!S)
      continue;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->isLocalVarDecl() && VD->getInit()) {
        const Expr *I = strip(VD->getInit());
        if (const auto *CO = dyn_cast<ConditionalOperator>(I))
          if (const auto *BO = dyn_cast<BinaryOperator>(CO->getCond()->IgnoreParenImpCasts());
              BO && BO->isRelationalOp())
            return true;
        if (const auto *CE = dyn_cast<CallExpr>(I))
          if (const FunctionDecl *F = CE->getDirectCallee();
              F && F->getIdentifier() && (F->getName() == "min" || F->getName() == "max"))
            return true;
      }
    for (const Stmt *C : S->children())
      Todo.push_back(C);
  }
  return false;
}

void FunctionAnalyzer::noteLockDetails(const Expr *E, const parcheck::Id &Id) {
  auto [It, New] = LockDetailsMemo.try_emplace(E);
  LockDetails &LD = It->second;
  if (New) {
    const Expr *X = strip(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(X))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
        X = strip(UO->getSubExpr());
    llvm::raw_string_ostream OS(LD.Spell);
    X->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
    OS.flush();
    LD.Ordered = chosenByComparison(X);
    LD.Recursive = isRecursiveMutex(X);
  }
  CurSpell[Id] = LD.Spell;
  CurOrdered[Id] = LD.Ordered;
  if (LD.Recursive)
    RecursiveIds.insert(Id);
}

bool FunctionAnalyzer::isRecursiveMutex(const Expr *X) const {
  QualType T = X->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  QualType Canon = T.getCanonicalType();
  auto [Known, New] = TU.RecursiveMutexTypes.try_emplace(Canon.getTypePtr());
  if (New) {
    // By the canonical type's spelling; its qualifiers never spell one, so
    // the answer is the unqualified type's.
    std::string TS = Canon.getAsString();
    Known->second = TS.find("recursive_mutex") != std::string::npos ||
                    TS.find("recursive_timed_mutex") != std::string::npos;
  }
  if (Known->second)
    return true;
  const Decl *D = nullptr;
  const Expr *B = X;
  while (const auto *AS = dyn_cast<ArraySubscriptExpr>(B))
    B = strip(AS->getBase());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
    D = DRE->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(B))
    D = ME->getMemberDecl();
  if (D && TU.RecursiveMutexes.count(D->getCanonicalDecl()))
    return true;
  // A member of an object initialised as recursive: 's_t m2 = {
  // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP };' then 'lock(&m2.m)'.
  for (const Expr *Base = B; Base;) {
    Base = strip(Base);
    if (const auto *ME = dyn_cast<MemberExpr>(Base)) {
      Base = ME->getBase();
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD != D && TU.RecursiveMutexes.count(VD->getCanonicalDecl()))
        return true;
    break;
  }
  return false;
}

void FunctionAnalyzer::noteWait(const Stmt *S) {
  // The condition variable: the object of cv.wait(...), or the first argument
  // of pthread_cond_wait / cnd_wait.
  const Expr *CV = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    CV = MC->getImplicitObjectArgument();
  else if (const auto *CE = dyn_cast<CallExpr>(S); CE && CE->getNumArgs() >= 1)
    CV = CE->getArg(0);
  CurWaitCond.clear();
  if (CV) {
    const Expr *X = strip(CV);
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
      X = strip(UO->getSubExpr());
    llvm::raw_string_ostream OS(CurWaitCond);
    X->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
    OS.flush();
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = MC->getMethodDecl())
      if (M->getIdentifier()) {
        StringRef N = M->getName();
        CurWaitPred = (N == "wait" && MC->getNumArgs() >= 2) ||
                      ((N == "wait_for" || N == "wait_until") && MC->getNumArgs() >= 3);
        if (CurWaitPred)
          notePredicateCounts(MC, MC->getArg(MC->getNumArgs() - 1));
      }
  CurWaitLoop = rechecked(S);
}

void FunctionAnalyzer::notePredicateCounts(const Stmt *Wait, const Expr *Pred) {
  // 'cv.wait(lk, [&] { return live == 0; })' tests 'live' as the condition
  // of 'while (live != 0) cv.wait(lk);' does: a count test spanning the call
  // (CountFact::Test), for counted completions.
  const auto *LE = dyn_cast_or_null<LambdaExpr>(Pred ? Pred->IgnoreParenImpCasts() : nullptr);
  if (!Emit || !LE)
    return;
  std::set<Id> Seen;
  forEachStmt(LE->getBody(), [&](const Stmt *X) {
    const auto *E = dyn_cast<Expr>(X);
    if (!E || !E->getType()->isIntegerType() || (!isa<MemberExpr>(E) && !isa<DeclRefExpr>(E)))
      return true;
    LocInfo L;
    if (!classify(E, L) || L.Atomic || L.Id.empty() ||
        !countOperand(E, L.Id, L.ClassLevel, L.Field) || !Seen.insert(L.Id).second)
      return true;
    CountFact C;
    C.K = CountFact::Test;
    C.Counter = L.Id;
    C.Where = TU.loc(Wait->getBeginLoc());
    C.End = TU.loc(Wait->getEndLoc());
    Out.Counts.push_back(std::move(C));
    return true;
  });
}

namespace {
/// The variables and members a condition reads.
void declsIn(const Stmt *S, llvm::SmallPtrSetImpl<const Decl *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    Out.insert(DRE->getDecl()->getCanonicalDecl());
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    Out.insert(ME->getMemberDecl()->getCanonicalDecl());
  for (const Stmt *C : S->children())
    declsIn(C, Out);
}

bool readsAny(const Stmt *S, const llvm::SmallPtrSetImpl<const Decl *> &Ds) {
  llvm::SmallPtrSet<const Decl *, 8> In;
  declsIn(S, In);
  for (const Decl *D : In)
    if (Ds.count(D))
      return true;
  return false;
}

/// The condition a statement tests first when control reaches it.
const Stmt *firstTest(const Stmt *S) {
  if (const auto *I = dyn_cast<IfStmt>(S))
    return I->getCond();
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return W->getCond();
  if (const auto *F = dyn_cast<ForStmt>(S))
    return F->getCond();
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return Sw->getCond();
  return nullptr;
}
} // namespace

bool FunctionAnalyzer::rechecked(const Stmt *S) const {
  // The innermost 'if' (or '?:', switch) between S and its loop: its condition
  // is the predicate the wait is for. None: directly in the loop.
  const Stmt *Guard = nullptr;
  const Stmt *Loop = nullptr;
  for (const Stmt *P = parent(S); P; P = parent(P)) {
    if (isLoop(P)) {
      Loop = P;
      break;
    }
    if (!Guard && (isa<IfStmt>(P) || isa<ConditionalOperator>(P) || isa<SwitchStmt>(P)))
      Guard = P;
  }
  if (!Loop)
    return false;
  if (!Guard)
    return true;
  if (!isa<IfStmt>(Guard))
    return false;
  llvm::SmallPtrSet<const Decl *, 8> Pred;
  declsIn(cast<IfStmt>(Guard)->getCond(), Pred);
  // What runs after S: the statements that follow it in each enclosing block,
  // innermost first, up to the loop's body (an 'if's other branch never does).
  const Stmt *Cur = S;
  for (const Stmt *P = parent(S); P && P != Loop; Cur = P, P = parent(P)) {
    const auto *CS = dyn_cast<CompoundStmt>(P);
    if (!CS)
      continue;
    bool After = false;
    for (const Stmt *N : CS->body()) {
      if (After) {
        if (isa<ContinueStmt>(N))
          return true; // back to the loop, which reaches the test again
        if (isa<NullStmt>(N))
          continue;
        // The first thing done after the wait must test the predicate again.
        const Stmt *T = firstTest(N);
        return T && readsAny(T, Pred);
      }
      After = N == Cur;
    }
  }
  return true; // nothing follows in the loop's body: the loop comes round to the test
}

const Expr *FunctionAnalyzer::attrLockArg(const Expr *A, const FunctionDecl *Callee,
                                          llvm::ArrayRef<const Expr *> Args, const Expr *Obj) {
  const Expr *X = A->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref)
    X = UO->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      // The attribute may sit on another declaration than Callee's: by index.
      unsigned I = P->getFunctionScopeIndex();
      return I < Args.size() ? Args[I] : nullptr;
    }
  if (isa<CXXThisExpr>(X))
    return Obj;
  (void)Callee;
  return A;
}

LockCall FunctionAnalyzer::annotatedLockCall(const Stmt *S) const {
  LockCall R;
  const FunctionDecl *Callee = nullptr;
  const Expr *Obj = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  const auto *CC = dyn_cast<CXXConstructExpr>(S);
  if (CC) {
    Callee = CC->getConstructor();
    for (const Expr *A : CC->arguments())
      Args.push_back(A);
  } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
    Callee = CE->getDirectCallee();
    unsigned Skip = 0;
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(Callee)) {
      Skip = 1;
      Obj = CE->getArg(0);
    }
    for (unsigned I = Skip; I < CE->getNumArgs(); ++I)
      Args.push_back(CE->getArg(I));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
      Obj = MC->getImplicitObjectArgument();
  }
  if (!Callee || TU.inSystem(Callee->getLocation()))
    return R; // the standard library's own annotations are LockModel.cpp's business
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  bool Scoped = MD && MD->getParent()->hasAttr<ScopedLockableAttr>();
  auto Collect = [&](auto *At) {
    if (At->args_size() == 0) {
      if (Obj && !Scoped)
        R.Locks.push_back(Obj); // the object is the capability ('mu.Lock()')
      return;
    }
    for (const Expr *A : At->args())
      if (const Expr *L = attrLockArg(A, Callee, Args, Obj))
        R.Locks.push_back(L);
  };
  auto TryOf = [&](const Expr *Succ) {
    Expr::EvalResult ER;
    return Succ && Succ->EvaluateAsInt(ER, Ctx) && ER.Val.getInt() == 0 ? TrySuccess::Zero
                                                                         : TrySuccess::True;
  };
  if (const auto *A = Callee->getAttr<AcquireCapabilityAttr>()) {
    R.Shared = A->isShared();
    if (Scoped && CC) {
      R.Action = LockAction::GuardCtor;
      Collect(A);
    } else if (Scoped) {
      R.Action = LockAction::GuardLock; // relock of a scoped object: what it owns
      R.Guard = Obj;
    } else {
      R.Action = LockAction::Acquire;
      Collect(A);
    }
  } else if (const auto *T = Callee->getAttr<TryAcquireCapabilityAttr>()) {
    R.Shared = T->isShared();
    R.Success = TryOf(T->getSuccessValue());
    if (Scoped && CC) {
      R.Action = LockAction::GuardCtor;
      R.Mode = GuardMode::Try;
    } else {
      R.Action = Scoped ? LockAction::GuardTryLock : LockAction::TryAcquire;
      R.Guard = Scoped ? Obj : nullptr;
    }
    if (!Scoped || CC) {
      for (const Expr *A : T->args())
        if (const Expr *L = attrLockArg(A, Callee, Args, Obj))
          R.Locks.push_back(L);
      if (T->args_size() == 0 && Obj && !Scoped)
        R.Locks.push_back(Obj);
    }
  } else if (const auto *T = Callee->getAttr<ExclusiveTrylockFunctionAttr>()) {
    R.Action = LockAction::TryAcquire;
    R.Success = TryOf(T->getSuccessValue());
    Collect(T);
  } else if (const auto *Rl = Callee->getAttr<ReleaseCapabilityAttr>()) {
    if (isa<CXXDestructorDecl>(Callee))
      return R; // a scoped object's destructor: the guard's end releases it
    if (Scoped) {
      R.Action = LockAction::GuardUnlock;
      R.Guard = Obj;
    } else {
      R.Action = LockAction::Release;
      R.Shared = Rl->isShared();
      Collect(Rl);
    }
  }
  if (R.Action != LockAction::None && R.Locks.empty() && !R.Guard)
    R.Action = LockAction::None;
  return R;
}

void FunctionAnalyzer::annotatedEntry() {
  auto Add = [&](const Expr *A, bool Shared) {
    const Expr *X = A->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref)
      X = UO->getSubExpr()->IgnoreParenImpCasts();
    HeldLock H;
    const auto *DRE = dyn_cast<DeclRefExpr>(X);
    if (const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr) {
      // The attribute may be on a declaration whose parameters are other decls.
      H.Id = paramId(P->getFunctionScopeIndex());
      H.Name = P->getNameAsString();
    } else {
      H = lockOf(A, FD->getLocation());
    }
    H.Where = SrcLoc();
    H.Shared = Shared;
    if (EntryIds.insert(H.Id).second)
      EntryLocks.push_back(H);
  };
  for (const auto *A : FD->specific_attrs<RequiresCapabilityAttr>())
    for (const Expr *E : A->args())
      Add(E, A->isShared());
  for (const auto *A : FD->specific_attrs<ReleaseCapabilityAttr>())
    for (const Expr *E : A->args())
      Add(E, A->isShared());
  std::sort(EntryLocks.begin(), EntryLocks.end());
}

bool FunctionAnalyzer::handleLock(State &St, const Stmt *S) {
  LockCall LC = classifyLockCall(S);
  if (LC.Action == LockAction::None)
    LC = annotatedLockCall(S);
  if (LC.Action == LockAction::None)
    return false;
  SourceLocation At = S->getBeginLoc();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    At = MC->getExprLoc();
  LockSet Ls;
  CurSpell.clear();
  CurOrdered.clear();
  std::vector<const VarDecl *> LockedGuards; // std::lock(lk1, lk2) on unique_locks
  for (const Expr *E : LC.Locks) {
    if (const VarDecl *GV = guardVar(E);
        GV && LC.Action == LockAction::Acquire && GuardMutex.count(GV)) {
      for (const HeldLock &H : GuardMutex[GV]) {
        Ls.push_back(H);
        auto Sp = GuardSpell[GV].find(H.Id);
        if (Sp != GuardSpell[GV].end())
          CurSpell[H.Id] = Sp->second;
      }
      LockedGuards.push_back(GV);
      continue;
    }
    auto [Memo, New] = LockOfMemo.try_emplace({E, At.getRawEncoding()});
    if (New)
      Memo->second = lockOf(E, At);
    HeldLock H = Memo->second;
    H.Shared = LC.Shared;
    noteLockDetails(E, H.Id);
    Ls.push_back(H);
  }
  const VarDecl *G = LC.Guard ? guardVar(LC.Guard) : nullptr;
  if (G && LC.Action != LockAction::GuardCtor && GuardSpell.count(G))
    CurSpell = GuardSpell[G];
  CurWaitLoop = CurWaitPred = false;
  if (LC.Action == LockAction::Wait || LC.Action == LockAction::GuardWait)
    noteWait(S);
  switch (LC.Action) {
  case LockAction::None:
    break;
  case LockAction::Acquire:
    acquire(St, Ls, At, false);
    if (isa<CallExpr>(S) && !isa<CXXMemberCallExpr>(S) &&
        cast<CallExpr>(S)->getCallReturnType(Ctx)->isIntegerType()) {
      TryInfo TI{Ls, TrySuccess::Zero, nullptr};
      TI.Blocking = true;
      rememberTry(S, TI);
    }
    for (const VarDecl *GV : LockedGuards)
      St.Guards[GV] = GuardMutex[GV];
    break;
  case LockAction::TryAcquire:
    for (const HeldLock &H : Ls) {
      emitLockOp(St, LockOpFact::TryAcquire, H, At, false);
      AcquiredHere.insert(H.Id);
    }
    rememberTry(S, {Ls, LC.Success, nullptr});
    for (const HeldLock &H : Ls) { // held on some path from here on
      HeldLock Copy = H;
      Copy.Where = TU.loc(At);
      St.addMay(Copy);
    }
    break;
  case LockAction::Release:
    release(St, Ls, At);
    break;
  case LockAction::Wait:
    for (const HeldLock &H : Ls) {
      St.endPutsUnder(H.Id);
      emitLockOp(St, LockOpFact::Wait, H, At, false);
    }
    break;
  case LockAction::GuardCtor: {
    const VarDecl *V = constructedVar(S);
    if (V) {
      GuardMutex[V] = Ls;
      GuardSpell[V] = CurSpell;
    }
    if (LC.Mode == GuardMode::Defer)
      break;
    if (LC.Mode == GuardMode::Adopt) {
      // Adopting a lock no path here took asserts that the caller holds it
      // (port::CondVar::Wait: 'unique_lock lk(mu_->mu_, adopt_lock)'): the
      // function is entered holding it, as for a release of the caller's lock.
      for (const HeldLock &H : Ls) {
        if (CollectFirst && !St.Taken.count(H.Id) && !EntryIds.count(H.Id) &&
            std::find(ReleasedFirst.begin(), ReleasedFirst.end(), H) == ReleasedFirst.end())
          ReleasedFirst.push_back(H);
        St.add(H);
      }
    } else {
      acquire(St, Ls, At, LC.Mode == GuardMode::Try);
    }
    if (V)
      St.Guards[V] = Ls;
    else if (LC.Mode != GuardMode::Adopt) // a temporary guard unlocks at once
      release(St, Ls, At);
    break;
  }
  case LockAction::GuardLock:
    if (G && GuardMutex.count(G)) {
      acquire(St, GuardMutex[G], At, false);
      St.Guards[G] = GuardMutex[G];
    }
    break;
  case LockAction::GuardTryLock:
    if (G && GuardMutex.count(G)) {
      for (const HeldLock &H : GuardMutex[G])
        emitLockOp(St, LockOpFact::TryAcquire, H, At, false);
      TryCalls[S] = {GuardMutex[G], TrySuccess::True, G};
      for (const HeldLock &H : GuardMutex[G]) {
        HeldLock Copy = H;
        Copy.Where = TU.loc(At);
        St.addMay(Copy);
      }
    }
    break;
  case LockAction::GuardUnlock:
    if (G && (!St.Guards.count(G) || St.Guards[G].empty()) && GuardMutex.count(G)) {
      // Unlocking a guard that owns nothing (std::system_error): a release
      // of a lock not held, for parcheck-unlock-not-held.
      for (const HeldLock &H : GuardMutex[G])
        emitLockOp(St, LockOpFact::Release, H, At, false);
      break;
    }
    if (G && St.Guards.count(G)) {
      release(St, St.Guards[G], At);
      St.Guards[G].clear();
    }
    break;
  case LockAction::GuardRelease:
    if (G)
      St.Guards.erase(G);
    break;
  case LockAction::GuardWait:
    if (G && GuardMutex.count(G))
      for (const HeldLock &H : GuardMutex[G]) {
        St.endPutsUnder(H.Id);
        emitLockOp(St, LockOpFact::Wait, H, At, false);
      }
    break;
  }
  CurSpell.clear(); // guard destructors and wrapper effects are not spelled
  CurOrdered.clear();
  return true;
}

void FunctionAnalyzer::refineBranch(const CFGBlock *B, std::vector<State> &Succ) {
  const Stmt *T = B->getTerminatorCondition();
  const auto *Cond = dyn_cast_or_null<Expr>(T);
  if (!Cond || Succ.size() != 2)
    return;
  bool TrueMeansTruthy = true; // does the true branch mean "call returned truthy"?
  const Expr *E = Cond->IgnoreParenImpCasts();
  for (;;) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_LNot) {
      TrueMeansTruthy = !TrueMeansTruthy;
      E = UO->getSubExpr()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
      const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
      const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
      Expr::EvalResult ER;
      const Expr *Other = nullptr;
      auto IsZero = [&](const Expr *X) {
        return X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) ||
               (X->EvaluateAsInt(ER, Ctx) && ER.Val.getInt() == 0);
      };
      if (IsZero(R))
        Other = L;
      else if (IsZero(L))
        Other = R;
      if (!Other)
        return;
      if (BO->getOpcode() == BO_EQ)
        TrueMeansTruthy = !TrueMeansTruthy;
      E = Other;
      continue;
    }
    // '(v = trylock(..)) == NULL': the test is of v (rememberTry noted it).
    if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Assign) {
      E = BO->getLHS()->IgnoreParenImpCasts();
      continue;
    }
    break;
  }
  const TryInfo *TI = nullptr;
  const VarDecl *Var = nullptr; // the local holding the result, when tested
  auto It = TryCalls.find(E);
  if (It != TryCalls.end())
    TI = &It->second;
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto V = TryVars.find(VD);
      if (V != TryVars.end()) {
        TI = &V->second;
        Var = VD;
      }
    }
  if (!TI) {
    refineCorrelated(E, TrueMeansTruthy, Succ);
    return;
  }
  bool SuccessIsTruthy = TI->Success == TrySuccess::True;
  unsigned SuccIdx = (SuccessIsTruthy == TrueMeansTruthy) ? 0 : 1;
  if (TI->Blocking) {
    State &F = Succ[1 - SuccIdx]; // the lock call failed: nothing is held
    for (const HeldLock &H : TI->Locks)
      F.remove(H.Id);
    return;
  }
  // The try failed: it holds nothing new (unless it was held already). A
  // local already tested to hold its success value on every path here, and
  // not assigned since, cannot hold failure: that branch is not taken
  // ('if ((h = item_trylock(hv)) == NULL) continue; ...; if (h) unlock(h);').
  State &F = Succ[1 - SuccIdx];
  if (Var && F.TryHeld.count(Var)) {
    F = State();
    return;
  }
  for (const HeldLock &H : TI->Locks)
    if (F.Reached && !std::binary_search(F.Locks.begin(), F.Locks.end(), H))
      F.May.erase(std::remove_if(F.May.begin(), F.May.end(),
                                 [&](const HeldLock &M) { return M.Id == H.Id; }),
                  F.May.end());
  State &S = Succ[SuccIdx];
  if (!S.Reached)
    return;
  // A new hold, unless the local was already tested to hold it ('if (h)'
  // after 'if (!h) continue;' is the same hold).
  bool Again = Var && S.TryHeld.count(Var);
  for (const HeldLock &H : TI->Locks) {
    if (Again)
      S.add(H);
    else
      S.acquire(H);
  }
  if (Var)
    S.TryHeld.insert(Var);
  if (TI->Guard)
    S.Guards[TI->Guard] = TI->Locks;
}

} // namespace extract
} // namespace parcheck
