//===- Walk.cpp - the function walk, dataflow and records -----------------===//
#include "extract/FunctionAnalyzer.h"
#include "parcheck/StableSort.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"

namespace parcheck {
namespace extract {

void FunctionAnalyzer::run() {
  Out.Usr = usrOf(FD);
  Out.Name = displayName(FD);
  Out.Where = TU.loc(FD->getLocation());
  Out.IsMain = FD->isMain();
  Out.AnnotatedAcquire = FD->hasAttr<AcquireCapabilityAttr>() ||
                         FD->hasAttr<TryAcquireCapabilityAttr>() ||
                         FD->hasAttr<ExclusiveTrylockFunctionAttr>() ||
                         FD->hasAttr<SharedTrylockFunctionAttr>();
  FnUsr = Out.Usr;
  for (const ParmVarDecl *P : FD->parameters())
    Out.ParamNames.push_back(P->getNameAsString());
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    IsCtorDtor = isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD);
    if (MD->getParent()->isLambda())
      for (const LambdaCapture &C : MD->getParent()->captures())
        if (C.capturesVariable())
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            CaptureByRef[VD] = C.getCaptureKind() == LCK_ByRef;
  }
  const Stmt *Body = FD->getBody();
  if (Body)
    noteKind(Body);
  buildParents(Body);
  // Five walks find only what locals hold: a body with none (Kinds.Local)
  // skips them; the parameter aliases are pointers declared with a value.
  bool Locals = Kinds.Local || Kinds.Opaque;
  if (Kinds.PointerInit || Kinds.Opaque)
    findParamAliases(Body);
  if (Locals)
    findAssignedAliases(Body);
  findOutCells(Body);
  findReassigned(Body);
  if (Locals) {
    findDerivedLocals(Body);
    findFreshMembers(Body);
    findRegisteredLocals(Body);
  }
  findContainerWrites(Body);
  if (Locals)
    findLockTargets(Body);
  annotatedEntry();

  CFG::BuildOptions BO;
  BO.setAllAlwaysAdd();
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = true;
  BO.AddInitializers = true;
  BO.AddCXXDefaultInitExprInCtors = true;
  Cfg = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
  if (!Cfg)
    return;
  dataflow();
  if (Rerun)
    return;
  recordBeforeHandOff();
  finish();
  recordCuts();
  recordPhases();
  recordArgOnlyLocals();
  recordEffect();
  if (!Assume)
    recordOwnedReturns();
}

std::optional<unsigned> FunctionAnalyzer::selectorParam(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != FD || Reassigned.count(P) ||
      !P->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  return P->getFunctionScopeIndex();
}

std::optional<std::pair<unsigned, int64_t>>
FunctionAnalyzer::selectorTest(const BinaryOperator *BO) const {
  if (!BO || !BO->isEqualityOp())
    return std::nullopt;
  for (auto [L, R] : {std::pair(BO->getLHS(), BO->getRHS()), std::pair(BO->getRHS(), BO->getLHS())})
    if (std::optional<unsigned> P = selectorParam(L))
      if (std::optional<int64_t> V = intConstant(R, Ctx))
        return std::pair(*P, *V);
  return std::nullopt;
}

std::vector<std::pair<unsigned, int64_t>> FunctionAnalyzer::selectorValues() const {
  std::set<std::pair<unsigned, int64_t>> Out;
  forEachStmt(FD->getBody(), [&](const Stmt *S) {
    if (const auto *SW = dyn_cast<SwitchStmt>(S)) {
      if (std::optional<unsigned> P = selectorParam(SW->getCond()))
        for (const SwitchCase *C = SW->getSwitchCaseList(); C; C = C->getNextSwitchCase())
          if (const auto *CS = dyn_cast<CaseStmt>(C); CS && !CS->caseStmtIsGNURange())
            if (std::optional<int64_t> V = intConstant(CS->getLHS(), Ctx))
              Out.insert({*P, *V});
    } else if (auto T = selectorTest(dyn_cast<BinaryOperator>(S))) {
      Out.insert(*T);
    }
    return true;
  });
  return {Out.begin(), Out.end()};
}

void FunctionAnalyzer::refineAssumed(const CFGBlock *B, std::vector<State> &Succ) const {
  const Stmt *T = B->getTerminatorStmt();
  if (!Assume || !T)
    return;
  auto [Param, Value] = *Assume;
  if (const auto *SW = dyn_cast<SwitchStmt>(T)) {
    if (selectorParam(SW->getCond()) != Param)
      return;
    // A case range ('case 1 ... 3:') may hold the value: not refined.
    for (const SwitchCase *C = SW->getSwitchCaseList(); C; C = C->getNextSwitchCase())
      if (const auto *CS = dyn_cast<CaseStmt>(C); CS && CS->caseStmtIsGNURange())
        return;
    // The case labelled with the value, else the default (or, with none,
    // the successor past the switch: the last one).
    std::optional<size_t> Case, Default;
    size_t I = 0;
    for (const CFGBlock::AdjacentBlock &A : B->succs()) {
      const CFGBlock *S = A.getReachableBlock();
      const Stmt *L = S ? S->getLabel() : nullptr;
      if (const auto *CS = dyn_cast_or_null<CaseStmt>(L); CS && intConstant(CS->getLHS(), Ctx) == Value)
        Case = I;
      else if (isa_and_nonnull<DefaultStmt>(L))
        Default = I;
      ++I;
    }
    std::optional<size_t> Keep = Case ? Case : Default ? Default : std::optional<size_t>(I - 1);
    for (size_t K = 0; K < Succ.size(); ++K)
      if (K != *Keep)
        Succ[K] = State();
    return;
  }
  const auto *Cond = dyn_cast_or_null<Expr>(B->getTerminatorCondition());
  const auto *BO = Cond ? dyn_cast<BinaryOperator>(Cond->IgnoreParenImpCasts()) : nullptr;
  std::optional<std::pair<unsigned, int64_t>> Test = selectorTest(BO);
  if (!Test || Test->first != Param || Succ.size() != 2)
    return;
  bool TrueTaken = (Test->second == Value) == (BO->getOpcode() == BO_EQ);
  Succ[TrueTaken ? 1 : 0] = State();
}

std::string FunctionAnalyzer::displayName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "lambda"; // replaced with a location by the caller
  return FD->getQualifiedNameAsString();
}

/// A local given a new value no longer holds a tested try-lock result.
static void forgetTried(State &St, const Stmt *S) {
  if (St.TryHeld.empty())
    return;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp()) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      St.TryHeld.erase(dyn_cast<VarDecl>(DRE->getDecl()));
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        St.TryHeld.erase(VD);
  } else if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->getOpcode() == UO_AddrOf) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
      St.TryHeld.erase(dyn_cast<VarDecl>(DRE->getDecl()));
  }
}

void FunctionAnalyzer::transfer(State &St, const CFGElement &E) {
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *V = D->getVarDecl();
    auto G = St.Guards.find(V);
    if (G != St.Guards.end()) {
      release(St, G->second, D->getTriggerStmt() ? D->getTriggerStmt()->getEndLoc()
                                                 : V->getLocation());
      St.Guards.erase(G);
      return;
    }
    // jthread and async futures join in their destructor.
    std::string T = V->getType().getAsString();
    if (T.find("jthread") != std::string::npos || T.find("future<") != std::string::npos)
      St.Joined.insert(qualifyHandle(V->getNameAsString()));
    // A program class's own destructor runs here, at the end of the
    // object's scope: a call (a pool whose destructor joins its threads).
    if (Emit)
      if (const CXXDestructorDecl *Dtor = D->getDestructorDecl(Ctx);
          Dtor && Dtor->isUserProvided() && !isLibraryFunction(Dtor, TU)) {
        const Stmt *At = D->getTriggerStmt() ? D->getTriggerStmt() : FD->getBody();
        recordDirectCall(St, At, Dtor, {}, {}, At->getEndLoc());
      }
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *S = CS->getStmt();
  CurElem = S;
  forgetTried(St, S);
  if (Emit && isa<BinaryOperator>(S))
    noteRootPuts(St, S, nullptr, {});
  forgetConds(St, S);
  trackPointers(St, S);
  if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S)) {
    if (Emit)
      recordSyncCall(S); // a future's wait() is also a join
    if (handleLock(St, S) || handleSpawn(St, S) || handleJoin(St, S))
      return;
    if (Emit) {
      recordCall(St, S);
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
        // A virtual call reads the object's vtable pointer.
        if (MC->getMethodDecl() && MC->getMethodDecl()->isVirtual())
          recordWholeObject(St, S, MC->getImplicitObjectArgument(), false, MC->getExprLoc());
        // 'p->push_back(x)' on a library class reads or writes *p, as
        // 'v.push_back(x)' does v.
        recordPointeeCall(St, MC);
      }
    }
    applyEffects(St, S);
    return;
  }
  // delete p writes the whole object (its destructor resets the vtable pointer).
  if (const auto *DE = dyn_cast<CXXDeleteExpr>(S)) {
    if (Emit)
      recordWholeObject(St, S, DE->getArgument(), true, DE->getBeginLoc());
    return;
  }
  if (Emit)
    if (const auto *Ex = dyn_cast<Expr>(S))
      if (isa<DeclRefExpr>(Ex) || isa<MemberExpr>(Ex) || isa<ArraySubscriptExpr>(Ex) ||
          (isa<UnaryOperator>(Ex) && cast<UnaryOperator>(Ex)->getOpcode() == UO_Deref))
        recordAccess(St, Ex);
}

void FunctionAnalyzer::recordAccess(State &St, const Expr *E) {
  if (!outermost(E))
    return;
  bool AtomicBuiltin = false;
  bool ElementIndexed = false;
  const Expr *ElementIndex = nullptr;
  const FunctionDecl *External = nullptr;
  AccessKind K = AccessKind::None;
  // v[i] on a library container reads or writes one element, as its use says;
  // with a non-constant index, per-thread slots as for arrays. A subscript
  // by key (m[k] of a map: its parameter is no integer by value) may insert:
  // it is no element of its own.
  const Expr *C = nullptr;
  if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(lvalueParent(E, &C));
      OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2 &&
      OC->getArg(0)->IgnoreParenImpCasts() == C->IgnoreParenImpCasts() &&
      !userDefined(dyn_cast_or_null<FunctionDecl>(OC->getCalleeDecl()), TU)) {
    K = accessKind(OC, AtomicBuiltin);
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getCalleeDecl());
    bool ByPosition = MD && MD->getNumParams() == 1 &&
                      MD->getParamDecl(0)->getType()->isIntegerType();
    ElementIndexed = ByPosition && !isConstantIndex(OC->getArg(1), Ctx);
    if (ElementIndexed)
      ElementIndex = OC->getArg(1);
  } else {
    K = accessKind(E, AtomicBuiltin, &External);
  }
  if (K == AccessKind::None)
    return;
  LocInfo L;
  if (!classify(E, L))
    return;
  L.Indexed = L.Indexed || ElementIndexed;
  if (ElementIndex)
    L.Index = ElementIndex;
  SourceLocation At = E->getExprLoc();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    At = ME->getMemberLoc();
  emitAccess(St, E, E->getType().getNonReferenceType(), L, K, AtomicBuiltin, External, At);
}

void FunctionAnalyzer::recordPointeeCall(State &St, const CXXMemberCallExpr *MC) {
  const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
  const CXXMethodDecl *MD = MC->getMethodDecl();
  const Expr *P = MC->getImplicitObjectArgument();
  if (!ME || !ME->isArrow() || !MD || !P || isa<CXXThisExpr>(P->IgnoreParenImpCasts()) ||
      userDefined(MD, TU) || !TU.inSystem(MD->getLocation()))
    return;
  QualType T = P->getType()->getPointeeType();
  if (T.isNull() || isSyncType(T))
    return;
  LocInfo L;
  if (!classifyPointee(P, T, L, false))
    return;
  L.Atomic = isAtomicType(T);
  AccessKind K = MD->isConst() || rangeForReadsOnly(MC) ? AccessKind::Read : AccessKind::Write;
  emitAccess(St, P, T, L, K, false, nullptr, MC->getExprLoc());
}

void FunctionAnalyzer::emitAccess(State &St, const Expr *E, QualType ObjType, const LocInfo &L,
                                  AccessKind K, bool AtomicBuiltin,
                                  const FunctionDecl *External, SourceLocation At) {
  AccessFact A;
  A.Loc = L.Id;
  A.Name = L.Name;
  A.Field = L.Field;
  A.ClassLevel = L.ClassLevel;
  A.Atomic = L.Atomic || AtomicBuiltin;
  A.Indexed = L.Indexed;
  A.RefMember = L.RefMember;
  A.SlotIndex = L.Index ? threadNumberOf(L.Index) : -1;
  noteNumberGuard(E, A);
  A.Write = K == AccessKind::Write;
  if (A.Write && !A.Atomic) {
    int Step = countStep(E);
    A.NoHandOver = enclosingLoop(E) != nullptr || Step > 0;
    A.CountsDown = !A.NoHandOver && Step < 0;
  }
  QualType RT = ObjType;
  while (const ArrayType *AT = RT->getAsArrayTypeUnsafe())
    RT = AT->getElementType();
  if (RT->isRecordType() && !L.Atomic)
    A.Record = recordName(RT);
  A.Where = factLoc(At);
  A.Held = heldAt(St, E);
  A.Live = St.live();
  A.Dropped = dropped(St);
  noteFresh(St, E, A);
  noteViaParam(E, A);
  noteOrigin(E, A);
  noteSpawnSlot(E, A);
  recordSync(E, A);
  recordCount(E, A);
  if (External)
    A.ByCallee = usrOf(External);
  noteRootUse(E, false);
  A.NullGuards = nullGuards(E);
  Out.Accesses.push_back(std::move(A));
}

void FunctionAnalyzer::recordWholeObject(State &St, const Stmt *S, const Expr *Obj, bool Write,
                         SourceLocation At) {
  const Expr *X = strip(Obj);
  if (!X)
    return;
  QualType T = X->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  std::string Rec = recordName(T);
  if (Rec.empty() || isSyncType(T))
    return;
  AccessFact A;
  if (const VarDecl *GP = globalPointer(X)) {
    A.Loc = makeId(IdKind::Pointee, usrOf(GP));
    A.Name = "*" + varName(GP);
  } else if (const VarDecl *P = heapPointer(X)) {
    A.Loc = heapId(P);
    A.Name = "*" + P->getNameAsString();
  } else if (X->getType()->isPointerType() && !isa<CXXThisExpr>(X)) {
    A.Loc = makeId(IdKind::Field, Rec + "::*");
    A.Field = Rec + "::*";
    A.ClassLevel = true;
    A.Name = Rec + " object";
  } else {
    return; // 'this' or a local object: its own accesses are followed
  }
  A.Record = Rec;
  A.Write = Write;
  A.Where = factLoc(At);
  A.Held = heldAt(St, S);
  A.Live = St.live();
  noteFresh(St, X, A);
  noteViaParam(X, A);
  noteOrigin(X, A);
  noteRootUse(X, true);
  A.NullGuards = nullGuards(S);
  Out.Accesses.push_back(std::move(A));
}

FunctionAnalyzer::CallSite FunctionAnalyzer::callSite(const Stmt *S) {
  CallSite Site;
  Site.At = S->getBeginLoc();
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    Site.Callee = CE->getDirectCallee();
    Site.At = CE->getExprLoc();
    unsigned Skip = 0;
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(Site.Callee))
      Skip = 1;
    for (unsigned I = Skip; I < CE->getNumArgs(); ++I)
      Site.Args.push_back(CE->getArg(I));
  } else if (const auto *CC = dyn_cast<CXXConstructExpr>(S)) {
    Site.Callee = CC->getConstructor();
    for (const Expr *A : CC->arguments())
      Site.Args.push_back(A);
  }
  return Site;
}

void FunctionAnalyzer::noteGlobalReceiver(const Stmt *S, const FunctionDecl *Callee) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    // A method called on a global object makes the class shared.
    const Expr *Obj = strip(MC->getImplicitObjectArgument());
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Obj))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (VD->hasGlobalStorage() && Callee)
          TU.SharedClasses.insert(recordName(VD->getType()));
    // So does one called through a pointer a call returns (a smart pointer's
    // 'operator->', a getter) or a global pointer, as a member access
    // through them does (classifyMember): 'sp->inc()' as 'sp->n++'.
    const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
    if (Obj && Callee && ME && ME->isArrow() && (isa<CallExpr>(Obj) || globalPointer(Obj)))
      TU.SharedClasses.insert(recordName(Obj->getType()));
  }
}

void FunctionAnalyzer::recordFree(State &St, const Stmt *S, const FunctionDecl *Callee,
                                  llvm::ArrayRef<const Expr *> Args, SourceLocation At) {
  // free(p) writes the whole object p points to.
  if (Callee && Callee->getIdentifier() && Callee->getName() == "free" && Args.size() == 1) {
    std::string Rec = recordName(strip(Args[0])->getType());
    if (!Rec.empty()) {
      AccessFact A;
      A.Loc = makeId(IdKind::Field, Rec + "::*");
      A.Name = Rec + " object";
      A.Field = Rec + "::*";
      A.ClassLevel = true;
      A.Record = Rec;
      A.Write = true;
      A.Where = factLoc(At);
      A.Held = heldAt(St, S);
      A.Live = St.live();
      noteFresh(St, Args[0], A);
      noteViaParam(Args[0], A);
      noteOrigin(Args[0], A);
      A.NullGuards = nullGuards(S);
      Out.Accesses.push_back(std::move(A));
    }
  }
}

void FunctionAnalyzer::recordLibcState(State &St, const Stmt *S, const FunctionDecl *Callee,
                                       SourceLocation At) {
  if (Callee && !userDefined(Callee, TU)) {
    // Library functions with hidden shared state (rand, strtok, ...).
    bool Write = false;
    std::string State = mtUnsafeState(Callee, Write);
    if (!State.empty()) {
      AccessFact A;
      A.Loc = makeId(IdKind::Libc, State);
      A.Name = State;
      A.Write = Write;
      A.Where = factLoc(At);
      A.Held = heldAt(St, S);
      A.Live = St.live();
      A.NullGuards = nullGuards(S);
      Out.Accesses.push_back(std::move(A));
    }
  }
}

std::vector<FnArg> FunctionAnalyzer::fnArgsOf(const FunctionDecl *Callee,
                                              llvm::ArrayRef<const Expr *> Args) {
  // Function values passed as arguments (FnArg): to a function of the
  // program they flow to its parameter; see recordLibraryCall for library
  // callees.
  std::vector<FnArg> FnArgs;
  for (unsigned I = 0; I < Args.size(); ++I) {
    bool FnParam = Callee && I < Callee->getNumParams() &&
                   isFnValueType(Callee->getParamDecl(I)->getType());
    if (!FnParam && !isFnValueType(strip(Args[I])->getType()))
      continue;
    std::vector<FnValue> Vs;
    fnValuesOf(Args[I], Vs);
    for (FnValue &V : Vs)
      FnArgs.push_back({I, std::move(V)});
  }
  return FnArgs;
}

bool FunctionAnalyzer::recordIndirectCall(State &St, const Stmt *S, const FunctionDecl *Callee,
                                          llvm::ArrayRef<const Expr *> Args,
                                          const std::vector<FnArg> &FnArgs, SourceLocation At) {
  const auto *CE = dyn_cast<CallExpr>(S);
  // A call through a function value (a parameter, a member, a global, a
  // local): the analysis resolves the slot to the functions stored in it.
  if (!Callee && CE) {
    Id Slot = fnSlotOf(CE->getCallee());
    if (!Slot.empty()) {
      CallFact C;
      C.Through = Slot;
      C.Where = factLoc(At);
      C.Held = heldAt(St, S);
      C.MayHeld = mayOnly(St);
      C.Live = St.live();
      C.InLoop = enclosingLoop(S) != nullptr;
      C.LoopStart = outermostLoopStart(S);
      C.Dropped = dropped(St);
      for (const Expr *A : Args)
        C.Args.push_back(strip(A)->getType()->isPointerType() ? objOfArg(A, S, false)
                                                              : ObjRef());
      while (!C.Args.empty() && C.Args.back().K == ObjRef::None)
        C.Args.pop_back();
      noteNullArgs(S, Args, C);
      C.FnArgs = FnArgs;
      noteTakenArgs(St, Args, C);
      C.HeldIf = heldIfMember(St, CE->getCallee());
      C.ThroughOwner = throughOwner(CE->getCallee());
      noteArgValues(Args, C);
      Out.IndirectCalls.push_back(std::move(C));
    }
    return true;
  }
  return false;
}

bool FunctionAnalyzer::recordLibraryCall(State &St, const Stmt *S, const FunctionDecl *Callee,
                                         llvm::ArrayRef<const Expr *> Args,
                                         const std::vector<FnArg> &FnArgs, SourceLocation At) {
  // Functions defined in another translation unit count too: the merge
  // joins them by USR.
  bool Library = !Callee || libraryFunction(Callee, TU);
  if (Callee && Library)
    recordBufferArgs(St, S, Callee, Args);
  if (Library && Callee) {
    // A library callee given a function value. An event-loop registration
    // stores it for the loops of its base (event_set(&ev, fd, flags, cb, arg)
    // runs nothing here); an event loop calls the callbacks of its base; a
    // library method (a container's push_back) stores it somewhere not
    // followed (known limit); any other library function may call it right
    // here (qsort, pthread_once).
    if (std::optional<EventApi> Api = eventApi(Callee)) {
      for (const Id &Slot : eventApiCall(*Api, Args, FnArgs, TU.FnStores)) {
        CallFact C;
        C.Through = Slot;
        C.Where = factLoc(At);
        C.Held = heldAt(St, S);
        C.Live = St.live();
        C.InLoop = true; // the callbacks run over and over
        Out.IndirectCalls.push_back(std::move(C));
      }
    } else if (!isa<CXXMethodDecl>(Callee) && !registersForkHandler(Callee)) {
      for (const FnArg &A : FnArgs) {
        CallFact C;
        C.Callee = A.Value.Fn;
        C.Through = A.Value.Slot;
        C.Where = factLoc(At);
        C.Held = visible(St.Locks);
        C.Live = St.live();
        C.InLoop = enclosingLoop(S) != nullptr;
        C.LoopStart = outermostLoopStart(S);
        C.Dropped = dropped(St);
        C.Once = runsOnce(Callee);
        if (!C.Callee.empty())
          Out.Calls.push_back(std::move(C));
        else
          Out.IndirectCalls.push_back(std::move(C));
      }
    }
  }
  return Library;
}

const ValueEffect *FunctionAnalyzer::selectedValue(const CallExpr *CE, const LockEffect &Eff,
                                                   unsigned Skip) const {
  for (const ValueEffect &V : Eff.ByValue)
    if (V.Param + Skip < CE->getNumArgs() && intConstant(CE->getArg(V.Param + Skip), Ctx) == V.Value)
      return &V;
  return nullptr;
}

void FunctionAnalyzer::recordDirectCall(State &St, const Stmt *S, const FunctionDecl *Callee,
                                        llvm::ArrayRef<const Expr *> Args,
                                        std::vector<FnArg> FnArgs, SourceLocation At) {
  const FunctionDecl *Def = Callee->getDefinition() ? Callee->getDefinition() : Callee;
  CallFact C;
  C.Callee = usrOf(Def);
  if (C.Callee.empty())
    return;
  // Passing a constant the callee selects on: its copy for that value.
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const TUContext::Effect *Eff = TU.effectOf(C.Callee))
      if (const ValueEffect *V = selectedValue(
              CE, *Eff, isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(Callee) ? 1 : 0);
          V && !V->Clone.empty())
        C.Callee = V->Clone;
  C.CalleeName = Def->getQualifiedNameAsString();
  C.Where = factLoc(At);
  C.Held = heldAt(St, S);
  C.MayHeld = visible(mayOnly(St));
  C.Live = St.live();
  C.InLoop = enclosingLoop(S) != nullptr;
  C.LoopStart = outermostLoopStart(S);
  C.Dropped = dropped(St);
  C.Rechecked = rechecked(S);
  C.ReturnAt = returnAfter(S);
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    QualType PT = Callee->getParamDecl(I)->getType();
    if (PT->isPointerType() || PT->isReferenceType())
      C.Args.push_back(objOfArg(Args[I], S, PT->isReferenceType()));
    else
      C.Args.push_back(ObjRef());
  }
  while (!C.Args.empty() && C.Args.back().K == ObjRef::None)
    C.Args.pop_back();
  noteArgOrigins(Callee, Args, C);
  noteNullArgs(S, Args.take_front(std::min<size_t>(Args.size(), Callee->getNumParams())), C);
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I)
    C.NumArgs.push_back(threadNumberOf(Args[I]));
  while (!C.NumArgs.empty() && C.NumArgs.back() == -1)
    C.NumArgs.pop_back();
  // A pure virtual method has no body anywhere: the analysis would take the
  // values it is given as called right here, as for a library function. Its
  // overriders keep them for later ('Env::Schedule(&BGWork, this)' queues a
  // job for a background thread), so they are not a call here (known limit:
  // where the overrider runs them is not followed).
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee); !MD || !MD->isPureVirtual())
    C.FnArgs = std::move(FnArgs);
  noteFreshArgs(St, Args, C);
  noteFreshMembers(S, Args, C);
  noteTakenArgs(St, Args, C);
  noteRootPuts(St, S, Def, Args);
  noteBaseArgs(Callee, Args, TU.FnStores);
  for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I)
    if (isEventBaseType(Def->getParamDecl(I)->getType()))
      if (Id B = eventObjectSlot(Args[I]); !B.empty())
        C.BaseArgs.push_back({I, B});
  // A pointer parameter handed on to a function of another TU: the same
  // conservative write as '&x' handed to it (AccessFact::ByCallee), through
  // the parameter, so that the callers' objects stay written when the program
  // does not define the callee ('mc_toktou32(pr, 2, &settings.x)' forwarding
  // 'val' to a vendored parser outside the run). Scalars only: a struct
  // pointer handed on is not a write of the whole object.
  if (!userDefined(Callee, TU) && !libraryFunction(Callee, TU))
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType PT = Callee->getParamDecl(I)->getType();
      int PI = paramIndex(Args[I]->IgnoreParenImpCasts());
      if (PI < 0 || !PT->isPointerType() || PT->getPointeeType().isConstQualified() ||
          !PT->getPointeeType()->isScalarType() || PT->getPointeeType()->isPointerType())
        continue;
      const ParmVarDecl *P = FD->getParamDecl(unsigned(PI));
      if (!P->getType()->isPointerType() || P->getType()->getPointeeType().isConstQualified())
        continue;
      AccessFact A;
      A.Loc = paramId(unsigned(PI));
      A.Name = "*" + P->getNameAsString();
      A.Write = true;
      A.Where = factLoc(Args[I]->getExprLoc());
      A.Held = heldAt(St, S);
      A.Live = St.live();
      A.Dropped = dropped(St);
      A.ViaParam = PI;
      A.ByCallee = usrOf(Callee);
      A.NullGuards = C.NullGuards;
      Out.Accesses.push_back(std::move(A));
    }
  Out.Calls.push_back(std::move(C));
}

void FunctionAnalyzer::recordCall(State &St, const Stmt *S) {
  auto [Callee, Args, At] = callSite(S);
  noteGlobalReceiver(S, Callee);
  recordFree(St, S, Callee, Args, At);
  recordLibcState(St, S, Callee, At);
  std::vector<FnArg> FnArgs = fnArgsOf(Callee, Args);
  if (recordIndirectCall(St, S, Callee, Args, FnArgs, At) ||
      recordLibraryCall(St, S, Callee, Args, FnArgs, At))
    return;
  recordDirectCall(St, S, Callee, Args, std::move(FnArgs), At);
}

HeldLock FunctionAnalyzer::namedTarget(const HeldLock &H) const {
  if (idKind(H.Id) != IdKind::Local)
    return H;
  const HeldLock *One = nullptr;
  for (const auto &[L, T] : Out.LockTargets)
    if (L == H.Id) {
      if (One || T.Id == anyLockId())
        return H;
      One = &T;
    }
  if (!One)
    return H;
  HeldLock R = *One;
  R.Where = H.Where;
  R.Shared = H.Shared;
  return R;
}

void FunctionAnalyzer::recordEffect() {
  TUContext::Effect E;
  // A local pointer to one named lock ('m = &locks[h]; lock(m);') is that
  // lock for the caller.
  if (ExitState.Reached)
    for (const HeldLock &L : ExitState.Locks)
      if (HeldLock H = namedTarget(L); idKind(H.Id) != IdKind::Local && !EntryIds.count(H.Id))
        E.Acquires.push_back(H);
  for (const HeldLock &H : ReleasedUnheldLocks)
    if (!AcquiredHere.count(H.Id))
      E.Releases.push_back(H);
  // A lock it was entered holding and does not hold at its end: released for
  // the caller (an unlock wrapper). Still held (released and retaken): nothing.
  if (ExitState.Reached)
    for (const HeldLock &H : EntryLocks)
      if (!std::binary_search(ExitState.Locks.begin(), ExitState.Locks.end(), H) &&
          std::find(E.Releases.begin(), E.Releases.end(), H) == E.Releases.end())
        E.Releases.push_back(H);
  tryEffects(E);
  // A lock wrapper that returns the lock it took ('m = &locks[h]; lock(m);
  // return m;'): Returns, for callers that release through the result.
  if (FD->getReturnType()->isPointerType() && ExitState.Reached)
    for (const HeldLock &L : ExitState.Locks) {
      HeldLock T = namedTarget(L);
      bool Returned = std::find(E.Acquires.begin(), E.Acquires.end(), T) != E.Acquires.end();
      unsigned Others = 0;
      for (const ExitLocks &X : ExitsByZero) {
        Others += !X.Zero;
        Returned &= X.Zero || X.Returned == L.Id;
      }
      if (Returned && Others)
        E.Returns.push_back(T);
    }
  std::sort(E.Acquires.begin(), E.Acquires.end());
  E.Acquires.erase(std::unique(E.Acquires.begin(), E.Acquires.end()), E.Acquires.end());
  if (EffectInto)
    *EffectInto = E; // a value-specialised run: what it does, even nothing
  else if (!E.empty())
    TU.NewEffects[FnUsr] = E;
}

void FunctionAnalyzer::tryEffects(TUContext::Effect &E) const {
  // A lock held at every return of one kind (0, or anything else) and at no
  // return of the other: taken on that result only. Both kinds must occur.
  // A function that returns a pointer does so only when every non-null
  // return is of the lock it holds there (memcached's 'item_trylock' returns
  // the lock it took, Returns): its callers test and release that pointer.
  bool Pointer = FD->getReturnType()->isPointerType();
  if (!Pointer && !FD->getReturnType()->isIntegralOrEnumerationType())
    return;
  std::map<Id, HeldLock> ById;
  for (const ExitLocks &X : ExitsByZero)
    for (const HeldLock &H : X.Locks)
      if (HeldLock T = namedTarget(H); idKind(T.Id) != IdKind::Local && !EntryIds.count(H.Id) &&
                                       std::find(E.Acquires.begin(), E.Acquires.end(), T) ==
                                           E.Acquires.end())
        ById.emplace(H.Id, H);
  for (const auto &[L, H] : ById) {
    bool ZeroHeld = true, ZeroFree = true, OtherHeld = true, OtherFree = true, Returned = true;
    unsigned Zeros = 0, Others = 0;
    for (const ExitLocks &X : ExitsByZero) {
      bool Held = std::binary_search(X.Locks.begin(), X.Locks.end(), H);
      (X.Zero ? Zeros : Others)++;
      (X.Zero ? ZeroHeld : OtherHeld) &= Held;
      (X.Zero ? ZeroFree : OtherFree) &= !Held;
      Returned &= X.Zero || X.Returned == H.Id;
    }
    if (!Zeros || !Others || (Pointer && !Returned))
      continue;
    HeldLock T = namedTarget(H);
    if (ZeroHeld && OtherFree && !Pointer)
      E.TryOnZero.push_back(T);
    else if (ZeroFree && OtherHeld)
      E.TryOnNonZero.push_back(T);
    else
      continue;
    if (Pointer)
      E.Returns.push_back(T);
  }
}

namespace {

/// Is VD assigned, incremented or its address taken anywhere in Body?
class Reassigned : public RecursiveASTVisitor<Reassigned> {
public:
  const VarDecl *VD;
  bool Found = false;
  explicit Reassigned(const VarDecl *VD) : VD(VD) {}
  bool is(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == VD;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    Found = Found || (BO->isAssignmentOp() && is(BO->getLHS()));
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    Found = Found ||
            ((UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) && is(UO->getSubExpr()));
    return !Found;
  }
};

/// The one value a local holds: its initialiser, when nothing in Body changes
/// it. glibc's pthread_cleanup_push keeps the handler and its argument in
/// such locals ('__cancel_routine', '__cancel_arg'), which pthread_cleanup_pop(1)
/// calls.
const Expr *onlyValue(const Expr *E, const Stmt *Body) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->isLocalVarDecl() || !VD->getInit() || !Body)
    return nullptr;
  Reassigned R(VD);
  R.TraverseStmt(const_cast<Stmt *>(Body));
  return R.Found ? nullptr : VD->getInit();
}

/// Does B end in a call that never returns though it is not declared
/// noreturn: a void function of this TU with no return statement whose body
/// ends in a noreturn call (pigz's 'fail(...) { ...; exit(err); }')?
bool endsInFailure(const CFGBlock *B) {
  for (auto It = B->rbegin(); It != B->rend(); ++It) {
    auto CS = It->getAs<CFGStmt>();
    if (!CS)
      continue;
    const auto *CE = dyn_cast<CallExpr>(CS->getStmt());
    if (!CE)
      return false;
    const FunctionDecl *F = CE->getDirectCallee();
    const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
    const auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
    if (!Body || Body->body_empty() || !Def->getReturnType()->isVoidType())
      return false;
    const auto *Last = dyn_cast<CallExpr>(Body->body_back());
    const FunctionDecl *LF = Last ? Last->getDirectCallee() : nullptr;
    if (!LF || !LF->isNoReturn())
      return false;
    struct Returns : RecursiveASTVisitor<Returns> {
      bool Found = false;
      bool VisitReturnStmt(ReturnStmt *) {
        Found = true;
        return false;
      }
    } R;
    R.TraverseStmt(const_cast<CompoundStmt *>(Body));
    return !R.Found;
  }
  return false;
}

} // namespace

void FunctionAnalyzer::applyEffects(State &St, const Stmt *S) {
  const auto *CE = dyn_cast<CallExpr>(S);
  if (!CE || (TU.Effects.empty() && TU.Imported.empty()))
    return;
  const FunctionDecl *Callee = CE->getDirectCallee();
  // A call through a local that holds one function: that function, with any
  // argument that is such a local seen as its value (a cleanup handler).
  bool ViaLocal = false;
  if (!Callee)
    if (const Expr *V = onlyValue(CE->getCallee(), FD->getBody()))
      if (const auto *FR = dyn_cast<DeclRefExpr>(V->IgnoreParenCasts())) {
        Callee = dyn_cast<FunctionDecl>(FR->getDecl());
        ViaLocal = true;
      }
  if (!Callee)
    return;
  std::string CalleeUsr = usrOf(Callee->getDefinition() ? Callee->getDefinition() : Callee);
  const TUContext::Effect *Eff = TU.effectOf(CalleeUsr);
  if (!Eff)
    return;
  unsigned Skip = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
  // A constant the callee selects on: its effect for that value.
  if (const ValueEffect *V = selectedValue(CE, *Eff, Skip))
    Eff = &V->Effect;
  auto Map = [&](const LockSet &Ls) {
    LockSet R;
    for (const HeldLock &H : Ls) {
      if (std::optional<unsigned> I = parcheck::paramIndex(H.Id, CalleeUsr)) {
        if (*I + Skip < CE->getNumArgs()) {
          const Expr *Arg = CE->getArg(*I + Skip);
          if (const Expr *V = ViaLocal ? onlyValue(Arg, FD->getBody()) : nullptr)
            Arg = V;
          HeldLock M = lockOf(Arg, CE->getExprLoc());
          M.Shared = H.Shared;
          R.push_back(M);
        }
        continue;
      }
      R.push_back(H);
    }
    return R;
  };
  // The state changes silently: the lock operations themselves are facts of
  // the wrapper, where the lock checks see them.
  for (const HeldLock &H : Map(Eff->Releases)) {
    // Releasing through an unlock wrapper what no path here took: the
    // caller's lock, as for a release written here (LockFlow.cpp, release),
    // so that a wrapper of an unlock wrapper is one too.
    bool Held = std::binary_search(St.Locks.begin(), St.Locks.end(), H);
    if (Emit && !Held && idKind(H.Id) != IdKind::Local && ReleasedUnheld.insert(H.Id).second)
      ReleasedUnheldLocks.push_back(H);
    if (CollectFirst && !St.Taken.count(H.Id) && !EntryIds.count(H.Id) &&
        idKind(H.Id) != IdKind::Local &&
        std::find(ReleasedFirst.begin(), ReleasedFirst.end(), H) == ReleasedFirst.end())
      ReleasedFirst.push_back(H);
    St.remove(H.Id);
  }
  // What a wrapper takes is taken here too: releasing it later (on the paths
  // where the wrapper took it) is not a release for the caller.
  for (HeldLock H : Map(Eff->Acquires)) {
    H.Where = TU.loc(CE->getExprLoc());
    AcquiredHere.insert(H.Id);
    St.acquire(H);
  }
  // A conditional lock function: held where the result is tested to be its
  // success value (refineBranch), as for a trylock.
  for (bool OnZero : {true, false}) {
    LockSet Ls = Map(OnZero ? Eff->TryOnZero : Eff->TryOnNonZero);
    if (Ls.empty())
      continue;
    for (HeldLock &H : Ls) {
      H.Where = TU.loc(CE->getExprLoc());
      AcquiredHere.insert(H.Id);
      St.addMay(H);
    }
    rememberTry(CE, {Ls, OnZero ? TrySuccess::Zero : TrySuccess::True, nullptr});
    break; // one success value per call
  }
}

namespace {
/// The blocks of loops: those that reach a back edge's source (Order: the
/// reverse post-order) without passing its head, and the head.
llvm::DenseSet<const CFGBlock *>
loopBlocks(const PostOrderCFGView &PO, const llvm::DenseMap<const CFGBlock *, unsigned> &Order) {
  llvm::DenseSet<const CFGBlock *> InLoop;
  for (const CFGBlock *B : PO)
    for (const CFGBlock::AdjacentBlock &A : B->succs()) {
      const CFGBlock *Head = A.getReachableBlock();
      auto It = Head ? Order.find(Head) : Order.end();
      if (It == Order.end() || It->second > Order.lookup(B))
        continue;
      InLoop.insert(Head);
      std::vector<const CFGBlock *> Todo{B};
      while (!Todo.empty()) {
        const CFGBlock *X = Todo.back();
        Todo.pop_back();
        if (!InLoop.insert(X).second)
          continue;
        for (const CFGBlock::AdjacentBlock &P : X->preds())
          if (const CFGBlock *Q = P.getReachableBlock())
            Todo.push_back(Q);
      }
    }
  return InLoop;
}
} // namespace

bool FunctionAnalyzer::dropUnretaken(const State &Exit, const std::vector<HeldLock> &Candidates) {
  bool Dropped = false;
  for (const HeldLock &H : Candidates)
    if ((!Exit.Reached || std::none_of(Exit.Locks.begin(), Exit.Locks.end(),
                                       [&](const HeldLock &L) { return L.Id == H.Id; })) &&
        InferredEntry.erase(H.Id)) {
      EntryIds.erase(H.Id);
      llvm::erase_if(EntryLocks, [&](const HeldLock &E) { return E.Id == H.Id; });
      Dropped = true;
    }
  return Dropped;
}

void FunctionAnalyzer::dataflow() {
  PostOrderCFGView PO(Cfg.get());
  std::vector<State> In;
  auto Start = [&] {
    In.assign(Cfg->getNumBlockIDs(), State());
    State &E = In[Cfg->getEntry().getBlockID()];
    E.Reached = true;
    for (const HeldLock &H : EntryLocks)
      E.add(H);
  };
  Start();
  llvm::DenseMap<const CFGBlock *, unsigned> Order;
  for (const CFGBlock *B : PO)
    Order[B] = Order.size();
  // ForwardOnly: along edges to later blocks only (no back edge), so that a
  // pass sees each loop's first iteration.
  auto Step = [&](const CFGBlock *B, bool &Changed, bool ForwardOnly = false) {
    State St = In[B->getBlockID()];
    if (!St.Reached)
      return;
    walkBlock(B, St);
    std::vector<State> Succ(B->succ_size(), St);
    refineBranch(B, Succ);
    refineAssumed(B, Succ);
    unsigned I = 0;
    for (const CFGBlock::AdjacentBlock &A : B->succs()) {
      const CFGBlock *S = A.getReachableBlock();
      // A block ending in a noreturn call (abort, exit) has the exit as its
      // successor in Clang's CFG, but never returns: 'if (lock(m)) abort();'
      // returns holding m (libuv's uv_mutex_lock).
      if (S == &Cfg->getExit() && (B->hasNoReturnElement() || endsInFailure(B)))
        S = nullptr;
      if (S && ForwardOnly) {
        auto It = Order.find(S);
        if (It == Order.end() || It->second <= Order[B])
          S = nullptr;
      }
      State &Dst = In[S ? S->getBlockID() : 0];
      if (S) {
        State Before = Dst;
        mergeInto(Dst, Succ[I]);
        if (!(Before == Dst))
          Changed = true;
      }
      ++I;
    }
  };
  // Without a back edge (every successor later in this reverse post-order),
  // one pass steps each block after all its predecessors, from its final
  // state: the fixpoint, with no second pass to confirm it.
  bool Acyclic = true;
  {
    for (const CFGBlock *B : PO)
      for (const CFGBlock::AdjacentBlock &A : B->succs())
        if (const CFGBlock *S = A.getReachableBlock()) {
          auto It = Order.find(S);
          Acyclic = Acyclic && It != Order.end() && It->second > Order[B];
        }
  }
  auto Fixpoint = [&] {
    for (unsigned Iter = 0; Iter < 50; ++Iter) {
      bool Changed = false;
      for (const CFGBlock *B : PO)
        Step(B, Changed);
      if (!Changed || Acyclic)
        break;
    }
  };
  // The first pass over an acyclic CFG already sees the fixpoint's states:
  // it finds the releases of locks never taken itself (as the replay below),
  // and it records the facts (Emit), as emitFacts would from those states,
  // unless it finds such a release (a second analyzer then walks as below).
  CollectFirst = Acyclic;
  Emit = Acyclic && OnePass;
  Fixpoint();
  CollectFirst = false;
  Rerun = Emit && !ReleasedFirst.empty();
  if (Rerun)
    return;
  // Replays every reached block from its fixpoint state (AfterBlock sees the
  // state at the block's end).
  auto Replay = [&](auto AfterBlock) {
    for (const CFGBlock *B : PO) {
      State St = In[B->getBlockID()];
      if (!St.Reached)
        continue;
      walkBlock(B, St);
      AfterBlock(B, St);
    }
  };
  // The releases of locks never taken before: inside a loop, on its first
  // iteration ('while (..) { if (c) { unlock(&l); sleep(); lock(&l); } }':
  // the fixpoint's states hold l taken at the unlock, by the iteration
  // before).
  // Elsewhere (after a loop: 'for (..) if (c) lock(&m); unlock(&m);') the
  // fixpoint's states say it.
  std::vector<HeldLock> FirstIteration; // found by the first-iteration pass only
  if (!Acyclic) {
    CollectFirst = true;
    Replay([](const CFGBlock *, const State &) {});
    size_t FromFixpoint = ReleasedFirst.size();
    llvm::DenseSet<const CFGBlock *> InLoop = loopBlocks(PO, Order);
    std::vector<State> Fixed = std::move(In);
    Start();
    bool Unused = false;
    for (const CFGBlock *B : PO) {
      CollectFirst = InLoop.count(B) != 0;
      Step(B, Unused, true);
    }
    CollectFirst = false;
    In = std::move(Fixed);
    for (size_t I = FromFixpoint; I < ReleasedFirst.size(); ++I)
      if (std::none_of(ReleasedFirst.begin(), ReleasedFirst.begin() + FromFixpoint,
                       [&](const HeldLock &F) { return F.Id == ReleasedFirst[I].Id; }))
        FirstIteration.push_back(ReleasedFirst[I]);
  }
  // A lock released where no path here holds it, before this function takes
  // it, is its caller's: the function is entered holding it (a callee that
  // drops and retakes its caller's lock, an unlock wrapper). Walk again with it
  // held on entry, so that a retake is no acquisition and a return holding it
  // is no leak.
  if (!ReleasedFirst.empty()) {
    for (HeldLock H : ReleasedFirst) {
      H.Where = SrcLoc();
      if (EntryIds.insert(H.Id).second) {
        InferredEntry.insert(H.Id);
        EntryLocks.insert(std::lower_bound(EntryLocks.begin(), EntryLocks.end(), H), H);
      }
    }
    Start();
    Fixpoint();
    // A caller's lock dropped and retaken in a loop is held again on every
    // path out; one the function leaves released was never its caller's (a
    // thread's loop calling an unlock helper before its first lock).
    if (dropUnretaken(In[Cfg->getExit().getBlockID()], FirstIteration)) {
      Start();
      Fixpoint();
    }
  }
  Out.EntryHeld = EntryLocks;
  ExitState = In[Cfg->getExit().getBlockID()];
  if (ExitState.Reached)
    Out.LiveAtExit = ExitState.live();
  if (Emit)
    settleRecursive();
  else
    emitFacts(std::vector<const CFGBlock *>(PO.begin(), PO.end()), In);
}

void FunctionAnalyzer::emitFacts(const std::vector<const CFGBlock *> &Order,
                                 const std::vector<State> &In) {
  // One more pass records facts with the fixpoint state at each point.
  Emit = true;
  for (const CFGBlock *B : Order) {
    State St = In[B->getBlockID()];
    if (St.Reached)
      walkBlock(B, St);
  }
}

void FunctionAnalyzer::walkBlock(const CFGBlock *B, State &St) {
  unsigned I = 0;
  for (const CFGElement &E : *B) {
    transfer(St, E);
    if (Emit) {
      AccessPos.resize(Out.Accesses.size(), {B->getBlockID(), I});
      CallPos.resize(Out.Calls.size(), {B->getBlockID(), I});
    }
    ++I;
  }
  if (Emit)
    recordExit(B, &Cfg->getExit(), St);
}

void FunctionAnalyzer::settleRecursive() {
  for (LockOpFact &F : Out.LockOps)
    F.Recursive = RecursiveIds.count(F.Lock.Id) != 0;
}

void FunctionAnalyzer::recordExit(const CFGBlock *B, const CFGBlock *ExitB, const State &St) {
  if (B == ExitB)
    return;
  bool ToExit = false;
  for (const CFGBlock::AdjacentBlock &A : B->succs())
    ToExit = ToExit || A.getReachableBlock() == ExitB;
  if (!ToExit || B->hasNoReturnElement())
    return;
  if (const Stmt *T = B->getTerminatorStmt())
    if (isa<CXXThrowExpr>(T))
      return;
  ExitFact X;
  bool Zero = false;
  const Expr *Ret = nullptr;
  for (const CFGElement &E : *B)
    if (auto CS = E.getAs<CFGStmt>()) {
      if (isa<CXXThrowExpr>(CS->getStmt()))
        return;
      if (const auto *RS = dyn_cast<ReturnStmt>(CS->getStmt())) {
        X.Where = TU.loc(CS->getStmt()->getBeginLoc());
        Expr::EvalResult ER;
        if (const Expr *V = RS->getRetValue()) {
          Zero = V->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) ||
                 (!V->isValueDependent() && V->EvaluateAsInt(ER, Ctx) && ER.Val.getInt() == 0);
          Ret = V;
        }
      }
    }
  ExitLocks EL{Zero, St.Locks, Id()};
  if (Ret && FD->getReturnType()->isPointerType())
    if (QualType T = Ret->IgnoreParenCasts()->getType(); T->isPointerType() &&
                                                          isSyncType(T->getPointeeType()))
      EL.Returned = lockOf(Ret, Ret->getExprLoc()).Id;
  ExitsByZero.push_back(std::move(EL));
  if (!X.Where.valid())
    X.Where = TU.loc(FD->getBody()->getEndLoc());
  // Entry locks still held at a return are the caller's (a release and retake).
  for (const HeldLock &H : St.Locks)
    if (!EntryIds.count(H.Id))
      X.Held.push_back(H);
  Out.Exits.push_back(std::move(X));
}

void FunctionAnalyzer::finish() {
  for (auto &[Idx, Loop] : SpawnLoops) {
    if (!Loop)
      continue;
    for (auto &[H, JL] : JoinLoops)
      if (JL == Loop && H == Out.Spawns[Idx].Handle)
        Out.Spawns[Idx].JoinedInSameLoop = true;
  }
  // A fresh object is each thread's own only when one spawn hands it over:
  // 'p = calloc(..); pthread_create(.., w, p); pthread_create(.., w, p);'
  // gives both threads the same object.
  std::map<const VarDecl *, unsigned> Spawns;
  for (const auto &[Idx, Arg, VD] : FreshSpawnArgs)
    ++Spawns[VD];
  for (const auto &[Idx, Arg, VD] : FreshSpawnArgs)
    if (Spawns[VD] > 1) {
      SpawnFact &S = Out.Spawns[Idx];
      ObjRef &O = S.Args[Arg];
      O.PerInstance = false;
      for (ObjRef &E : S.Escapes)
        if (E.K == O.K && E.Id == O.Id)
          E.PerInstance = false;
    }
  auto ByLoc = [](const auto &A, const auto &B) { return A.Where < B.Where; };
  // The CFG positions move with their accesses and calls (recordCuts).
  auto Permute = [](std::vector<CfgPos> &Pos, const std::vector<size_t> &Order) {
    std::vector<CfgPos> New;
    New.reserve(Order.size());
    for (size_t I : Order)
      New.push_back(I < Pos.size() ? Pos[I] : CfgPos());
    Pos = std::move(New);
  };
  Permute(AccessPos, stableSort(Out.Accesses, ByLoc));
  Permute(CallPos, stableSort(Out.Calls, ByLoc));
  stableSort(Out.Spawns, ByLoc);
  stableSort(Out.LockOps, ByLoc);
  stableSort(Out.Exits, ByLoc);
}

} // namespace extract
} // namespace parcheck
