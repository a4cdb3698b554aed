//===- Threads.cpp - thread handles, spawns and joins ---------------------===//
#include "extract/FunctionAnalyzer.h"

#include "llvm/Support/Path.h"

namespace parcheck {
namespace extract {

const Expr *handleBase(const Expr *E, bool Arithmetic) {
  const Expr *X = strip(E);
  for (;;) {
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X);
        UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
      X = strip(UO->getSubExpr());
      continue;
    }
    if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(X)) {
      X = strip(AS->getBase());
      continue;
    }
    if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(X);
        OC && OC->getOperator() == OO_Subscript) {
      X = strip(OC->getArg(0));
      continue;
    }
    if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(X)) {
      X = strip(MC->getImplicitObjectArgument());
      continue;
    }
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(X);
        Arithmetic && BO && BO->isAdditiveOp()) {
      X = strip(BO->getLHS());
      continue;
    }
    return X;
  }
}


std::string FunctionAnalyzer::handleKey(const Expr *E) const {
  // One element of a variable's array by a constant index ('&t[0]', 't[1]'):
  // that element, 't[1]' (joining the collection, 't', joins it too).
  const Expr *S = strip(E);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(S); UO && UO->getOpcode() == UO_AddrOf)
    S = strip(UO->getSubExpr());
  const Expr *Base = nullptr, *Idx = nullptr;
  if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(S)) {
    Base = AS->getBase();
    Idx = AS->getIdx();
  } else if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(S);
             OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2) {
    Base = OC->getArg(0);
    Idx = OC->getArg(1);
  }
  if (Base && isConstantIndex(Idx, Ctx))
    if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Base)); DRE && isa<VarDecl>(DRE->getDecl()))
      if (std::optional<llvm::APSInt> K = Idx->getIntegerConstantExpr(Ctx))
        return handleKey(Base) + "[" + std::to_string(K->getExtValue()) + "]";
  const Expr *X = handleBase(E, /*Arithmetic=*/true);
  if (const auto *ME = dyn_cast<MemberExpr>(X))
    return makeId(IdKind::Field, ME->getMemberDecl()->getNameAsString()).str();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return {};
    // A range-for variable stands for its range.
    for (const Stmt *P = parent(DRE); P; P = parent(P))
      if (const auto *RF = dyn_cast<CXXForRangeStmt>(P))
        if (RF->getLoopVariable() == VD)
          return handleKey(RF->getRangeInit());
    return VD->getNameAsString();
  }
  return {};
}

Id FunctionAnalyzer::sharedHandleKey(const Expr *E) const {
  const Expr *X = handleBase(E, /*Arithmetic=*/false);
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(X)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      std::string Cls = recordName(QualType(F->getParent()->getTypeForDecl(), 0));
      return Cls.empty() ? Id() : makeId(IdKind::Field, Cls + "::" + F->getNameAsString());
    }
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) // a static member
      return makeId(IdKind::Usr, usrOf(VD));
    return {};
  }
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && VD->hasGlobalStorage() && !VD->isStaticLocal())
      return makeId(IdKind::Usr, usrOf(VD));
    // A range-for variable stands for its range ('for (auto &t : threads_)
    // t.join();' joins the member), as in handleKey.
    for (const Stmt *P = parent(DRE); VD && P; P = parent(P))
      if (const auto *RF = dyn_cast<CXXForRangeStmt>(P); RF && RF->getLoopVariable() == VD)
        return sharedHandleKey(RF->getRangeInit());
  }
  return {};
}

Id FunctionAnalyzer::constructedSharedHandle(const Stmt *S) const {
  if (constructedVar(S))
    return {};
  const Expr *Into = constructedInto(S);
  return Into ? sharedHandleKey(Into) : Id();
}

std::string FunctionAnalyzer::constructedHandle(const Stmt *S) const {
  if (const VarDecl *V = constructedVar(S))
    return V->getNameAsString();
  const Expr *Into = constructedInto(S);
  return Into ? handleKey(Into) : std::string();
}

const Expr *FunctionAnalyzer::constructedInto(const Stmt *S) const {
  for (const Stmt *P = parent(S); P; P = parent(P)) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P))
      return MC->getImplicitObjectArgument();
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P); OC && OC->getOperator() == OO_Equal)
      return OC->getArg(0);
    if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->isAssignmentOp())
      return BO->getLHS();
    if (!isa<Expr>(P))
      break;
  }
  return nullptr;
}

ObjRef FunctionAnalyzer::objOfLValue(const Expr *X, const Stmt *At) {
  ObjRef O;
  X = strip(X);
  QualType T = X->getType();
  // A mutex passed by address is named as a lock (a global, a local, a
  // parameter), so the lock checks can bind lock parameters at call sites.
  if (isSyncType(T) && !isAtomicType(T)) {
    HeldLock H = lockOf(X, X->getBeginLoc());
    IdKind K = idKind(H.Id);
    if (!H.Id.empty() && K != IdKind::Field && K != IdKind::Expr && K != IdKind::Array) {
      O.K = K == IdKind::Param ? ObjRef::Param : ObjRef::Var;
      O.Id = H.Id;
      O.Name = H.Name;
      return O;
    }
  }
  std::string Rec = T->isRecordType() ? recordName(T) : std::string();
  bool InLoop = false;
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
    if (!isConstantIndex(AS->getIdx(), Ctx))
      O.PerInstance = true;
    if (!Rec.empty()) {
      O.K = ObjRef::Class;
      O.Name = Rec;
      O.Id = Id::parse(O.Name);
      return O;
    }
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (!VD->hasGlobalStorage() && At) {
        // A local declared inside the loop that spawns is a fresh object per iteration.
        const Stmt *SpawnLoop = enclosingLoop(At);
        if (SpawnLoop) {
          SourceRange R = SpawnLoop->getSourceRange();
          SourceLocation DL = VD->getLocation();
          InLoop = TU.SM.isBeforeInTranslationUnit(R.getBegin(), DL) &&
                   TU.SM.isBeforeInTranslationUnit(DL, R.getEnd());
        }
      }
  if (!Rec.empty()) {
    O.K = ObjRef::Class;
    O.Name = Rec;
    O.Id = Id::parse(O.Name);
    O.PerInstance = O.PerInstance || InLoop;
    return O;
  }
  LocInfo L;
  if (classify(X, L) && !L.ClassLevel) {
    O.K = idKind(L.Id) == IdKind::Param ? ObjRef::Param : ObjRef::Var;
    O.Id = L.Id;
    O.Name = L.Name;
    O.PerInstance = O.PerInstance || InLoop;
  } else if (L.ClassLevel) {
    O.K = ObjRef::Class;
    O.Name = L.Field.substr(0, L.Field.rfind("::"));
    O.Id = Id::parse(O.Name);
  }
  return O;
}

ObjRef FunctionAnalyzer::objOfArg(const Expr *A, const Stmt *At, bool ByRefParam) {
  ObjRef O;
  const Expr *X = strip(A);
  if (!X)
    return O;
  // An object passed by address or reference: a record is named by its class
  // (ObjRef::Class); Obj names the variable when it is one: a global's USR,
  // or a local's id (the ownership analysis asks whether it is private).
  auto Named = [&](const Expr *Sub, ObjRef R) {
    if (R.K == ObjRef::Class)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Sub)))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
          if (VD->hasGlobalStorage())
            R.Obj = makeId(IdKind::Usr, usrOf(VD));
          else if (VD->isLocalVarDecl() && !VD->getType()->isReferenceType() &&
                   !capturedByCopy(DRE))
            R.Obj = localId(VD);
          if (!R.Obj.empty())
            R.ObjName = varName(VD);
        }
    return R;
  };
  // std::ref(x): x, bound to a reference.
  if (const auto *CE = dyn_cast<CallExpr>(X))
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier() && (F->getName() == "ref" || F->getName() == "cref") &&
          CE->getNumArgs() == 1)
        return Named(CE->getArg(0), objOfLValue(CE->getArg(0), At));
  if (ByRefParam)
    return Named(X, objOfLValue(X, At));
  if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    return Named(UO->getSubExpr(), objOfLValue(UO->getSubExpr(), At));
  if (X->getType()->isArrayType())
    return objOfLValue(X, At);
  if (isa<CXXThisExpr>(X)) {
    O.K = ObjRef::Class;
    O.Name = recordName(X->getType());
    O.Id = Id::parse(O.Name);
    return O;
  }
  if (const auto *NE = dyn_cast<CXXNewExpr>(X)) {
    O.K = ObjRef::Class;
    O.Name = recordName(NE->getAllocatedType());
    O.Id = Id::parse(O.Name);
    O.PerInstance = true;
    if (O.Id.empty())
      O.K = ObjRef::None;
    return O;
  }
  if (int I = paramIndex(X); I >= 0) {
    O.K = ObjRef::Param;
    O.Id = paramId(unsigned(I));
    O.Name = FD->getParamDecl(unsigned(I))->getNameAsString();
    return O;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(X); BO && BO->isAdditiveOp()) {
    ObjRef B = objOfArg(BO->getLHS(), At, false);
    B.PerInstance = true; // base + i
    return B;
  }
  // A pointer to a scalar heap object: the object, named by its pointer.
  if (const VarDecl *P = heapPointer(X); P && recordName(X->getType()).empty()) {
    O.K = ObjRef::Var;
    O.Id = heapId(P);
    O.Name = "*" + P->getNameAsString();
    if (const Stmt *L = At ? enclosingLoop(At) : nullptr) {
      SourceRange R = L->getSourceRange();
      SourceLocation DL = P->getLocation();
      O.PerInstance = TU.SM.isBeforeInTranslationUnit(R.getBegin(), DL) &&
                      TU.SM.isBeforeInTranslationUnit(DL, R.getEnd());
    }
    return O;
  }
  if (X->getType()->isPointerType()) {
    std::string Rec = recordName(X->getType());
    if (!Rec.empty()) {
      O.K = ObjRef::Class;
      O.Name = Rec;
      O.Id = Id::parse(O.Name);
      // A local initialised with a fresh allocation is a new object each time
      // the spawning code runs: each thread instance gets its own.
      if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
            VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getInit())
          if (isFreshAllocation(VD->getInit())) {
            O.PerInstance = true;
            FreshArgLocal = VD;
          }
      // An element of an array of pointers that this iteration of the
      // spawning loop set to a fresh allocation before the spawn.
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X); AS && At && freshElement(AS, At))
        O.PerInstance = true;
      // A pointer variable declared in the spawning loop (p = malloc/new each time).
      if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
        if (const Stmt *L = At ? enclosingLoop(At) : nullptr) {
          SourceLocation DL = DRE->getDecl()->getLocation();
          SourceRange R = L->getSourceRange();
          O.PerInstance = TU.SM.isBeforeInTranslationUnit(R.getBegin(), DL) &&
                          TU.SM.isBeforeInTranslationUnit(DL, R.getEnd());
          FreshArgLocal = nullptr; // the loop decides
        }
    }
  }
  return O;
}

const VarDecl *FunctionAnalyzer::freshLocalArg(const Expr *A) const {
  const auto *DRE = dyn_cast<DeclRefExpr>(strip(A));
  const auto *VD = DRE && FreshAtUse.count(DRE) ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() ? VD : nullptr;
}

bool FunctionAnalyzer::freshElement(const ArraySubscriptExpr *AS, const Stmt *At) const {
  const auto *Loop = dyn_cast_or_null<ForStmt>(enclosingLoop(At));
  const auto *B = dyn_cast<DeclRefExpr>(AS->getBase()->IgnoreParenImpCasts());
  const auto *I = dyn_cast<DeclRefExpr>(AS->getIdx()->IgnoreParenImpCasts());
  if (!Loop || !B || !I || !Loop->getInc() || !B->getType()->isArrayType())
    return false;
  // The index steps with the loop ('i++', 'i += 1'): a new element each time.
  const auto *Inc = dyn_cast<UnaryOperator>(Loop->getInc()->IgnoreParenImpCasts());
  const auto *IncVar = Inc && Inc->isIncrementDecrementOp()
                           ? dyn_cast<DeclRefExpr>(Inc->getSubExpr()->IgnoreParenImpCasts())
                           : nullptr;
  if (!IncVar || IncVar->getDecl() != I->getDecl())
    return false;
  SourceLocation Spawn = TU.SM.getExpansionLoc(At->getBeginLoc());
  std::vector<const Stmt *> Todo{Loop->getBody()};
  while (!Todo.empty()) {
    const Stmt *S = Todo.back();
    Todo.pop_back();
    if (!S)
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
      if (const auto *L = dyn_cast<ArraySubscriptExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *LB = dyn_cast<DeclRefExpr>(L->getBase()->IgnoreParenImpCasts()),
            *LI = dyn_cast<DeclRefExpr>(L->getIdx()->IgnoreParenImpCasts());
            LB && LI && LB->getDecl() == B->getDecl() && LI->getDecl() == I->getDecl() &&
            isFreshAllocation(BO->getRHS()) &&
            TU.SM.isBeforeInTranslationUnit(TU.SM.getExpansionLoc(BO->getBeginLoc()), Spawn))
          return true;
    for (const Stmt *C : S->children())
      Todo.push_back(C);
  }
  return false;
}

FunctionAnalyzer::Entry FunctionAnalyzer::resolveCallable(const Expr *C, int Depth) {
  Entry R;
  const Expr *X = strip(C);
  if (!X || Depth > 4)
    return R;
  if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    X = strip(UO->getSubExpr());
  if (const auto *LE = dyn_cast<LambdaExpr>(X)) {
    R.Fn = LE->getCallOperator();
    for (const LambdaCapture &Cap : LE->captures()) {
      if (Cap.capturesThis()) {
        ObjRef O;
        O.K = ObjRef::Class;
        if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
          O.Name = MD->getParent()->getQualifiedNameAsString();
          O.Id = Id::parse(O.Name);
        }
        if (!O.Id.empty())
          R.Escapes.push_back(O);
        continue;
      }
      if (!Cap.capturesVariable())
        continue;
      const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar());
      if (!VD)
        continue;
      QualType T = VD->getType().getNonReferenceType();
      std::string Rec = recordName(T);
      bool Pointer = T->isPointerType();
      if (Rec.empty() || (!Pointer && !T->isRecordType() && !VD->getType()->isReferenceType()))
        continue;
      if (Cap.getCaptureKind() == LCK_ByRef || Pointer || VD->getType()->isReferenceType()) {
        ObjRef O;
        O.K = ObjRef::Class;
        O.Name = Rec;
        O.Id = Id::parse(O.Name);
        R.Escapes.push_back(O);
      }
    }
    return R;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      R.Fn = F;
      R.Member = isa<CXXMethodDecl>(F) && !cast<CXXMethodDecl>(F)->isStatic();
      return R;
    }
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      if (VD->getInit() && !VD->getType()->isRecordType())
        return resolveCallable(VD->getInit(), Depth + 1);
      if (const auto *RD = VD->getType()->getAsCXXRecordDecl()) {
        if (RD->isLambda() && VD->getInit())
          return resolveCallable(VD->getInit(), Depth + 1);
        return functor(RD);
      }
    }
    return R;
  }
  if (const auto *RD = X->getType()->getAsCXXRecordDecl())
    return functor(RD);
  return R;
}

FunctionAnalyzer::Entry FunctionAnalyzer::functor(const CXXRecordDecl *RD) {
  Entry R;
  if (!RD || !RD->hasDefinition())
    return R;
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getOverloadedOperator() == OO_Call && !M->isDeleted()) {
      R.Fn = M;
      break;
    }
  return R;
}

std::string FunctionAnalyzer::entryName(const FunctionDecl *F) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
    if (MD->getParent()->isLambda()) {
      SrcLoc L = TU.loc(MD->getParent()->getLocation());
      return "lambda at " + llvm::sys::path::filename(L.File.str()).str() + ":" +
             std::to_string(L.Line) + ":" + std::to_string(L.Col);
    }
  return F->getQualifiedNameAsString();
}

void FunctionAnalyzer::noteRefBinds(const Expr *Callable, SpawnFact &F) {
  // The construction of the function object: through copies and
  // temporaries, and a local initialised with it ('Inc f{total};').
  const Expr *X = Callable;
  for (int Depth = 0; X && Depth < 8; ++Depth) {
    X = X->IgnoreImplicit()->IgnoreParens();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(X)) {
      X = FC->getSubExpr();
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(X);
               CE && CE->getConstructor()->isCopyOrMoveConstructor() && CE->getNumArgs() == 1) {
      X = CE->getArg(0);
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      X = VD && VD->isLocalVarDecl() && !VD->getType()->isReferenceType() ? VD->getInit()
                                                                          : nullptr;
    } else {
      break;
    }
  }
  if (!X)
    return;
  const auto *RD = X->getType()->getAsCXXRecordDecl();
  if (!RD || RD->isLambda())
    return;
  auto Bind = [&](const FieldDecl *FD, const Expr *Init) {
    if (!FD->getType()->isReferenceType() || !Init)
      return;
    ObjRef O;
    const auto *DRE = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts());
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (VD && VD->hasGlobalStorage()) {
      O.K = ObjRef::Var;
      O.Id = makeId(IdKind::Usr, usrOf(VD));
      O.Name = varName(VD);
    } else if (VD && VD->isLocalVarDecl() && !VD->getType()->isReferenceType()) {
      O.K = ObjRef::Var;
      O.Id = localId(VD);
      O.Name = VD->getNameAsString();
    } else {
      return; // a parameter, an element, a member: not named here
    }
    F.RefBinds.push_back({memberFieldName(FD), O});
  };
  if (const auto *IL = dyn_cast<InitListExpr>(X)) {
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields())
      if (I < IL->getNumInits())
        Bind(FD, IL->getInit(I++));
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(X)) {
    // 'Inc(long &n) : n(n) {}': the member takes the constructor's parameter.
    ctorMemberArgs(CE, Bind);
  }
  std::sort(F.RefBinds.begin(), F.RefBinds.end(),
            [](const auto &A, const auto &B) { return A.first < B.first; });
}

bool FunctionAnalyzer::handleSpawn(State &St, const Stmt *S) {
  SpawnCall SC = classifySpawn(S);
  if (SC.Api == ThreadApi::None)
    return false;
  std::string H = SC.Handle ? handleKey(SC.Handle) : constructedHandle(S);
  if (H.empty()) {
    SrcLoc L = TU.loc(S->getBeginLoc());
    H = "detached@" + std::to_string(L.Line) + ":" + std::to_string(L.Col);
  }
  H = qualifyHandle(H);
  if (Emit) {
    SpawnFact F;
    F.Api = threadApiName(SC.Api);
    F.Where = factLoc(S->getBeginLoc());
    F.Handle = H;
    F.SharedHandle = SC.Handle ? sharedHandleKey(SC.Handle) : constructedSharedHandle(S);
    if (F.SharedHandle.empty() && SC.Handle)
      F.SharedHandle = storedSharedHandle(SC.Handle);
    F.InLoop = enclosingLoop(S) != nullptr;
    F.LiveAtSpawn = St.live();
    Entry E = resolveCallable(SC.Callable);
    // An entry held in a function value (a wrapper's parameter, a member):
    // the analysis makes one thread per function that can flow there.
    if (!E.Fn && SC.Callable) {
      std::vector<FnValue> Vs;
      fnValuesOf(SC.Callable, Vs);
      if (Vs.size() == 1 && !Vs[0].Slot.empty())
        F.EntrySlot = Vs[0].Slot;
    }
    if (E.Fn || !F.EntrySlot.empty()) {
      if (E.Fn) {
        const FunctionDecl *Def = E.Fn;
        if (const FunctionDecl *D = E.Fn->getDefinition())
          Def = D;
        F.Entry = usrOf(Def);
        F.EntryName = entryName(Def);
      }
      F.Escapes = E.Escapes;
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(E.Fn); MD && SC.Callable)
        noteRefBinds(SC.Callable, F);
      size_t First = 0;
      if (E.Member && !SC.Args.empty()) {
        ObjRef O = objOfArg(SC.Args[0], S, false);
        if (O.K == ObjRef::None) { // an object passed by value or reference_wrapper
          std::string Rec = recordName(SC.Args[0]->getType());
          if (!Rec.empty()) {
            O.K = ObjRef::Class;
            O.Name = Rec;
            O.Id = Id::parse(O.Name);
          }
        }
        if (O.K != ObjRef::None)
          F.Escapes.push_back(O);
        First = 1;
      }
      for (size_t I = First; I < SC.Args.size(); ++I) {
        const Expr *A = SC.Args[I];
        ObjRef O;
        bool Pointerish = strip(A)->getType()->isPointerType() ||
                          strip(A)->getType()->isArrayType() || isa<CallExpr>(strip(A));
        FreshArgLocal = nullptr;
        if (Pointerish)
          O = objOfArg(A, S, false);
        // A local that holds, on every path here, a fresh allocation not yet
        // published ('T *t; ... for (..) { t = malloc(..); ...;
        // pthread_create(.., t); }'): made anew since the last spawn it went
        // to, so each instance gets its own, wherever t was declared.
        if (const VarDecl *VD = freshLocalArg(A); VD && O.K == ObjRef::Class) {
          O.PerInstance = true;
          FreshArgLocal = VD;
        }
        if (FreshArgLocal && O.PerInstance)
          FreshSpawnArgs.emplace_back(Out.Spawns.size(), F.Args.size(), FreshArgLocal);
        FreshArgLocal = nullptr;
        F.Args.push_back(O);
        if (O.K == ObjRef::Class)
          F.Escapes.push_back(O);
      }
    }
    SpawnLoops.push_back({Out.Spawns.size(), enclosingLoop(S)});
    Out.Spawns.push_back(std::move(F));
  }
  St.Spawned.insert(H);
  St.Joined.erase(H);
  return true;
}

bool FunctionAnalyzer::handleJoin(State &St, const Stmt *S) {
  JoinCall JC = classifyJoin(S);
  if (JC.Api == JoinApi::None)
    return false;
  std::string H = handleKey(JC.Handle);
  if (!H.empty())
    H = qualifyHandle(H);
  // join(t[2]) joins that element (handleKey: 't[2]'), not the collection.
  if (Emit)
    if (Id K = sharedHandleKey(JC.Handle); !K.empty())
      Out.Joins.push_back({K, factLoc(S->getBeginLoc()), returnAfter(S)});
  if (H.empty())
    return true;
  St.Joined.insert(H);
  if (Emit)
    JoinLoops.push_back({H, enclosingLoop(S)});
  return true;
}

} // namespace extract
} // namespace parcheck
