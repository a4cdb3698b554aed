//===- Aliases.cpp - parents, loops and what pointers alias ---------------===//
#include "extract/FunctionAnalyzer.h"

#include <functional>

namespace parcheck {
namespace extract {

void FunctionAnalyzer::noteKind(const Stmt *S) {
  if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S)) {
    Kinds.Loop = true;
  } else if (isa<LambdaExpr, BlockExpr>(S)) {
    Kinds.Opaque = true;
  } else if (const auto *ILE = dyn_cast<InitListExpr>(S)) {
    // Its written form, which a visitor may walk too, can hold what this one
    // dropped ('{.a = malloc(1), .a = malloc(2)}').
    Kinds.Opaque |= ILE->isSemanticForm() && ILE->getSyntacticForm();
  } else if (isa<CXXNewExpr, CXXCatchStmt>(S)) {
    Kinds.ObjectSite = true;
  } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
    Kinds.ObjectSite |= allocatorCall(CE);
    if (const FunctionDecl *F = CE->getDirectCallee(); F && !Kinds.State)
      for (const ParmVarDecl *P : F->parameters())
        Kinds.State |= P->getType()->isEnumeralType() || isEventBaseType(P->getType());
  } else if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      Kinds.State |= F->getType()->isEnumeralType();
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD)
        Kinds.Opaque = true; // a local class, enum, typedef: their code is walked apart
      else if (!VD->isStaticLocal())
        Kinds.ObjectSite = true;
      Kinds.Local |= VD && !VD->hasGlobalStorage();
      Kinds.PointerInit |= VD && VD->getType()->isPointerType() && VD->getInit();
    }
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Kinds.Local |= !VD->hasGlobalStorage() && !isa<ParmVarDecl>(VD);
  }
}

void FunctionAnalyzer::buildParents(const Stmt *S) {
  if (!S)
    return;
  for (const Stmt *C : S->children()) {
    if (!C)
      continue;
    Parent[C] = S;
    noteKind(C);
    if (isa<LambdaExpr>(C)) // a lambda body is its own function
      continue;
    buildParents(C);
  }
}

const Stmt *FunctionAnalyzer::parent(const Stmt *S) const {
  auto It = Parent.find(S);
  return It == Parent.end() ? nullptr : It->second;
}

const Stmt *FunctionAnalyzer::lvalueParent(const Expr *E, const Expr **Child) const {
  const Stmt *P = parent(E);
  const Expr *C = E;
  while (P) {
    if (isa<ParenExpr>(P)) {
      C = cast<Expr>(P);
      P = parent(P);
      continue;
    }
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(P)) {
      CastKind K = IC->getCastKind();
      if (K == CK_NoOp || K == CK_DerivedToBase || K == CK_UncheckedDerivedToBase) {
        C = IC;
        P = parent(P);
        continue;
      }
    }
    break;
  }
  if (Child)
    *Child = C;
  return P;
}

const Stmt *FunctionAnalyzer::enclosingLoop(const Stmt *S) const {
  for (const Stmt *P = parent(S); P; P = parent(P))
    if (isLoop(P))
      return P;
  return nullptr;
}

SrcLoc FunctionAnalyzer::outermostLoopStart(const Stmt *S) const {
  const Stmt *Outer = nullptr;
  for (const Stmt *P = parent(S); P; P = parent(P))
    if (isLoop(P))
      Outer = P;
  return Outer ? TU.loc(Outer->getBeginLoc()) : SrcLoc();
}

namespace {
/// The pointer locals of a body that a pass follows (Candidate), in the order
/// the walk meets their declarations, with every value each is given (its initialiser and each
/// plain '=' to it), and those that may hold anything: their address is taken,
/// or an operator other than '=' changes them (with ArithKeeps, '+=', '-=',
/// '++' and '--' keep what the pointer is derived from).
struct PointerLocals {
  std::vector<const VarDecl *> Order;
  std::map<const VarDecl *, std::vector<const Expr *>> Values;
  std::set<const VarDecl *> Bad;
};

template <class CandidateFn>
PointerLocals collectPointerLocals(const Stmt *Body, CandidateFn Candidate, bool ArithKeeps) {
  PointerLocals Out;
  std::set<const VarDecl *> Declared;
  auto Local = [&](const Expr *E) -> const VarDecl * {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || VD->hasGlobalStorage() || isa<ParmVarDecl>(VD) || !Candidate(VD))
      return nullptr;
    return VD;
  };
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            VD && !VD->hasGlobalStorage() && Candidate(VD)) {
          if (Declared.insert(VD).second)
            Out.Order.push_back(VD);
          auto &Vs = Out.Values[VD];
          if (VD->getInit())
            Vs.push_back(VD->getInit());
        }
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (const VarDecl *VD = Local(BO->getLHS())) {
        bool Arith = BO->getOpcode() == BO_AddAssign || BO->getOpcode() == BO_SubAssign;
        if (BO->getOpcode() == BO_Assign)
          Out.Values[VD].push_back(BO->getRHS());
        else if (BO->isAssignmentOp() && !(ArithKeeps && Arith))
          Out.Bad.insert(VD);
      }
    if (const auto *UO = dyn_cast<UnaryOperator>(S))
      if (const VarDecl *VD = Local(UO->getSubExpr()))
        if (UO->getOpcode() == UO_AddrOf || (!ArithKeeps && UO->isIncrementDecrementOp()))
          Out.Bad.insert(VD);
    return true;
  });
  return Out;
}

/// The parameter E is derived from (see derivedParam), with ParamOf for a
/// parameter reference (-1: not a parameter, or reassigned) and LocalOf for a
/// local's own state.
template <class ParamFn, class LocalFn>
int rootParam(const Expr *E, ParamFn ParamOf, LocalFn LocalOf) {
  E = strip(E);
  if (!E)
    return -1;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (int I = ParamOf(E); I >= 0)
      return I;
    return LocalOf(dyn_cast<VarDecl>(DRE->getDecl()));
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return rootParam(ME->getBase(), ParamOf, LocalOf);
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return rootParam(AS->getBase(), ParamOf, LocalOf);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf
               ? rootParam(UO->getSubExpr(), ParamOf, LocalOf)
               : -1;
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub))
    return rootParam(BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS(),
                     ParamOf, LocalOf);
  return -1;
}
} // namespace

/// The parameter (or alias) an address is computed from: 'p', '(T *)p',
/// 'p + k', '(T *)((char *)p - offsetof(T, f))' (container_of), '&p->f.g'
/// (not the address of a lock).
int FunctionAnalyzer::aliasedParam(const Expr *E) const {
  const Expr *Init = strip(E);
  while (const auto *BO = dyn_cast<BinaryOperator>(Init)) {
    if (BO->getOpcode() != BO_Add && BO->getOpcode() != BO_Sub)
      break;
    if (BO->getLHS()->getType()->isPointerType())
      Init = strip(BO->getLHS());
    else if (BO->getRHS()->getType()->isPointerType() && BO->getOpcode() == BO_Add)
      Init = strip(BO->getRHS());
    else
      break;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(Init); UO && UO->getOpcode() == UO_AddrOf) {
    // A pointer to a lock member is named by the lock it points to
    // (findLockTargets), as a pointer to a global lock is.
    if (isSyncType(UO->getSubExpr()->getType()))
      return -1;
    const Expr *X = strip(UO->getSubExpr());
    while (const auto *ME = dyn_cast<MemberExpr>(X)) {
      if (ME->isArrow())
        return paramIndex(ME->getBase());
      X = strip(ME->getBase());
    }
    return -1;
  }
  return paramIndex(Init);
}

void FunctionAnalyzer::findAssignedAliases(const Stmt *Body) {
  // Local pointers declared without a value whose one assignment (and no
  // other change: ++, &v, compound assignment) computes an address from a
  // parameter. In order: an alias may be computed from an earlier one.
  PointerLocals L = collectPointerLocals(
      Body,
      [](const VarDecl *VD) {
        return VD->getType()->isPointerType() && VD->isLocalVarDecl() && !VD->isStaticLocal() &&
               !VD->getInit();
      },
      /*ArithKeeps=*/false);
  std::vector<std::pair<const VarDecl *, const Expr *>> Sets;
  for (const VarDecl *VD : L.Order)
    if (const auto &Vs = L.Values[VD]; Vs.size() == 1 && !L.Bad.count(VD))
      Sets.push_back({VD, Vs.front()});
  std::sort(Sets.begin(), Sets.end(), [&](const auto &A, const auto &B) {
    return TU.SM.isBeforeInTranslationUnit(A.second->getBeginLoc(), B.second->getBeginLoc());
  });
  for (const auto &[VD, Rhs] : Sets) {
    if (ParamAlias.count(VD))
      continue;
    if (int I = aliasedParam(Rhs); I >= 0) {
      ParamAlias[VD] = unsigned(I);
      AssignedAlias.insert(VD);
    }
  }
}

std::optional<unsigned> FunctionAnalyzer::paramOrAlias(const VarDecl *VD) const {
  if (const auto *PV = dyn_cast_or_null<ParmVarDecl>(VD); PV && PV->getDeclContext() == FD)
    return PV->getFunctionScopeIndex();
  auto It = VD ? ParamAlias.find(VD) : ParamAlias.end();
  return It == ParamAlias.end() ? std::nullopt : std::optional<unsigned>(It->second);
}

bool FunctionAnalyzer::sameParamObject(const VarDecl *A, const VarDecl *B) const {
  std::optional<unsigned> IA = paramOrAlias(A);
  return IA && IA == paramOrAlias(B);
}

void FunctionAnalyzer::findParamAliases(const Stmt *S) {
  if (!S)
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getType()->isPointerType() && VD->getInit()) {
          // 'T *q = (T *)p;' or 'q = p + k': q points into what parameter
          // (or alias) p points to.
          if (int I = aliasedParam(VD->getInit()); I >= 0)
            ParamAlias[VD] = unsigned(I);
          else if (const auto *UO = dyn_cast<UnaryOperator>(strip(VD->getInit()));
                   UO && UO->getOpcode() == UO_AddrOf)
            if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(UO->getSubExpr())))
              if (const auto *G = dyn_cast<VarDecl>(DRE->getDecl());
                  G && G->hasGlobalStorage() && G->getTLSKind() == VarDecl::TLS_None &&
                  !isSyncType(G->getType()))
                GlobalAlias[VD] = G;
        }
  for (const Stmt *C : S->children())
    if (C && !isa<LambdaExpr>(C))
      findParamAliases(C);
}

// Derived locals. The values of a local pointer are its initialiser and the
// right-hand sides of its plain assignments; a value is derived from
// parameter I when it is I (or its alias), a member, element or address
// inside what such a value points to, pointer arithmetic on one, a derived
// local, or the result of a call of a function of this TU that returns what
// it is handed (every value it returns is derived from its parameter J, as
// 'resp_finish(c, resp)' returns 'resp->next') with argument J derived from
// I. A local is derived from I when every value of it is (optimistically for
// the local's own earlier values: 'resp = resp->next' keeps 'resp' derived);
// null constants are no value, and neither is a fresh allocation ('b =
// cache_alloc(..)' beside 'b = th->open_bundle'): a fresh object is nobody's
// until it is published, and this function publishes it, if at all, into
// what it reaches. A local whose address is taken, or that an op-assignment
// other than += / -= changes, may hold anything.
namespace {
constexpr int DerivedTop = -2;
/// How many levels of calls a derived value is followed through.
constexpr unsigned MaxReturnDepth = 2;

using FreshFn = std::function<bool(const Expr *)>;
int returnedParam(const FunctionDecl *Callee, unsigned Depth, const FreshFn &Fresh);

/// The derived locals of Body (see above) under ParamOf (a reference to a
/// parameter: its index, or -1 when it is none or is reassigned); Fresh tells
/// a fresh allocation.
template <class ParamFn>
std::map<const VarDecl *, int> deriveLocals(const Stmt *Body, ParamFn ParamOf, unsigned Depth,
                                            const FreshFn &Fresh) {
  PointerLocals L = collectPointerLocals(
      Body, [](const VarDecl *VD) { return VD->getType()->isPointerType(); },
      /*ArithKeeps=*/true);
  const auto &Values = L.Values;
  const auto &Bad = L.Bad;
  // A greatest fixpoint: every candidate starts derived from whatever its
  // values say (Top), and loses it when two values disagree or one is not
  // derived.
  std::map<const VarDecl *, int> Of;
  for (const auto &[VD, Vs] : Values)
    if (!Bad.count(VD) && !Vs.empty())
      Of[VD] = DerivedTop;
  std::function<int(const Expr *)> Root = [&](const Expr *E) -> int {
    if (const auto *CE = dyn_cast_or_null<CallExpr>(strip(E))) {
      const FunctionDecl *F = CE->getDirectCallee();
      int J = F && Depth < MaxReturnDepth ? returnedParam(F, Depth + 1, Fresh) : -1;
      return J >= 0 && unsigned(J) < CE->getNumArgs() ? Root(CE->getArg(unsigned(J))) : -1;
    }
    return rootParam(E, ParamOf, [&](const VarDecl *VD) {
      auto It = Of.find(VD);
      return It == Of.end() ? -1 : It->second;
    });
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (auto &[VD, I] : Of) {
      if (I == -1)
        continue;
      int Meet = DerivedTop;
      for (const Expr *V : Values.at(VD)) {
        if (V->isNullPointerConstant(VD->getASTContext(), Expr::NPC_ValueDependentIsNotNull) ||
            Fresh(V))
          continue;
        int R = Root(V);
        if (R == DerivedTop)
          continue;
        Meet = Meet == DerivedTop || Meet == R ? R : -1;
        if (Meet == -1)
          break;
      }
      if (Meet != I) {
        I = Meet;
        Changed = true;
      }
    }
  }
  for (auto It = Of.begin(); It != Of.end();)
    It = It->second >= 0 ? std::next(It) : Of.erase(It);
  return Of;
}

/// The parameter J of Callee (defined in this TU) such that every value it
/// returns, null aside, is derived from J in Callee's own terms; -1 when
/// there is none (no body, a non-pointer result, two sources, a return of
/// anything else).
int returnedParam(const FunctionDecl *Callee, unsigned Depth, const FreshFn &Fresh) {
  const FunctionDecl *Def = nullptr;
  if (!Callee->hasBody(Def) || !Def || !Def->getReturnType()->isPointerType() ||
      isa<CXXMethodDecl>(Def))
    return -1;
  const Stmt *Body = Def->getBody();
  std::optional<llvm::DenseSet<const ParmVarDecl *>> Reassigned; // on first need
  auto ParamOf = [&](const Expr *E) -> int {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
    const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!P || P->getDeclContext() != Def || !P->getType()->isPointerType())
      return -1;
    if (!Reassigned)
      Reassigned = reassignedParams(Body);
    return Reassigned->count(P) ? -1 : int(P->getFunctionScopeIndex());
  };
  std::map<const VarDecl *, int> Locals = deriveLocals(Body, ParamOf, Depth, Fresh);
  // Every returned value, until two disagree: the one parameter they all
  // come from (a null return says nothing).
  int Meet = DerivedTop;
  forEachStmt(Body, [&](const Stmt *S) {
    const auto *RS = dyn_cast<ReturnStmt>(S);
    const Expr *V = RS ? RS->getRetValue() : nullptr;
    if (RS && !V)
      Meet = -1;
    else if (V && !V->isNullPointerConstant(Def->getASTContext(),
                                            Expr::NPC_ValueDependentIsNotNull)) {
      int R = rootParam(V, ParamOf, [&](const VarDecl *VD) {
        auto It = Locals.find(VD);
        return It == Locals.end() ? -1 : It->second;
      });
      Meet = Meet == DerivedTop || Meet == R ? R : -1;
    }
    return Meet != -1;
  });
  return Meet >= 0 ? Meet : -1;
}
} // namespace

llvm::DenseSet<const ParmVarDecl *> reassignedParams(const Stmt *Body) {
  llvm::DenseSet<const ParmVarDecl *> Out;
  for (const VarDecl *V : reassignedVars(Body))
    if (const auto *P = dyn_cast<ParmVarDecl>(V))
      Out.insert(P);
  return Out;
}

llvm::DenseSet<const VarDecl *> reassignedVars(const Stmt *Body) {
  llvm::DenseSet<const VarDecl *> Out;
  auto Note = [&](const Expr *E) {
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        Out.insert(V);
  };
  std::vector<const Stmt *> Todo{Body};
  while (!Todo.empty()) {
    const Stmt *S = Todo.back();
    Todo.pop_back();
    if (!S)
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      Note(BO->getLHS());
    else if (const auto *UO = dyn_cast<UnaryOperator>(S);
             UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf))
      Note(UO->getSubExpr());
    for (const Stmt *C : S->children())
      Todo.push_back(C);
  }
  return Out;
}

void FunctionAnalyzer::findDerivedLocals(const Stmt *Body) {
  auto ParamOf = [&](const Expr *E) {
    int I = paramIndex(E);
    return I >= 0 && Reassigned.count(FD->getParamDecl(unsigned(I))) ? -1 : I;
  };
  for (const auto &[VD, I] : deriveLocals(Body, ParamOf, 0, isFreshAllocation))
    DerivedLocals[VD] = unsigned(I);
}

std::pair<const VarDecl *, const FieldDecl *> FunctionAnalyzer::localMember(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(strip(E));
  if (!ME || ME->isArrow())
    return {nullptr, nullptr};
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const auto *DRE = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!F || !F->getType()->isPointerType() || !VD || !VD->isLocalVarDecl() ||
      VD->isStaticLocal() || !VD->getType()->isRecordType())
    return {nullptr, nullptr};
  return {VD, F};
}

void FunctionAnalyzer::findFreshMembers(const Stmt *Body) {
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp()) {
      if (auto [VD, F] = localMember(BO->getLHS()); VD) {
        MemberSets &M = LocalMemberSets[{VD, F}];
        if (BO->getOpcode() == BO_Assign && isFreshAllocation(BO->getRHS()))
          M.Fresh.push_back(BO);
        else
          M.Other = true;
      }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO && (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())) {
      if (auto [VD, F] = localMember(UO->getSubExpr()); VD)
        LocalMemberSets[{VD, F}].Other = true;
    }
    return true;
  });
}

bool FunctionAnalyzer::freshMemberAt(const VarDecl *VD, const FieldDecl *F,
                                     const Stmt *At) const {
  auto It = LocalMemberSets.find({VD, F});
  if (It == LocalMemberSets.end() || It->second.Other)
    return false;
  // Where C sits in its block P.
  auto Index = [](const CompoundStmt *P, const Stmt *C) {
    return size_t(std::find(P->body_begin(), P->body_end(), C) - P->body_begin());
  };
  // The blocks enclosing At, each with the position of At's statement.
  std::map<const CompoundStmt *, size_t> Ups;
  for (const Stmt *C = At, *P = parent(At); P; C = P, P = parent(P))
    if (const auto *CS = dyn_cast<CompoundStmt>(P))
      Ups.emplace(CS, Index(CS, C));
  // A fresh assignment whose own block encloses At, at an earlier position.
  for (const Stmt *Set : It->second.Fresh)
    for (const Stmt *C = Set, *P = parent(Set); P; C = P, P = parent(P))
      if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
        auto U = Ups.find(CS);
        if (U != Ups.end() && Index(CS, C) < U->second)
          return true;
        break;
      }
  return false;
}

void FunctionAnalyzer::noteDerivedMember(const Expr *Base, const Stmt *At, AccessFact &A) const {
  const Expr *B = strip(Base);
  if (auto [VD, F] = localMember(B); VD && freshMemberAt(VD, F, At)) {
    A.FreshMemberOf = localId(VD);
    A.FreshMember = memberFieldName(F);
    return;
  }
  if (A.DerivedParam < 0)
    return;
  if (auto [P, M] = paramMember(B); P == A.DerivedParam)
    A.DerivedMember = M;
}

std::pair<int, std::string> FunctionAnalyzer::paramMember(const Expr *E) const {
  const Expr *B = strip(E);
  // 'pd = st->page_data; pd[i]': the local's one value.
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(B))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && DerivedLocals.count(VD) && VD->getInit() && !Reassigned.count(VD))
      B = strip(VD->getInit());
  const auto *ME = dyn_cast_or_null<MemberExpr>(B);
  if (!ME || !ME->isArrow())
    return {-1, {}};
  int P = paramIndex(ME->getBase());
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (P < 0 || !F || !F->getType()->isPointerType())
    return {-1, {}};
  return {P, memberFieldName(F)};
}

void FunctionAnalyzer::findRegisteredLocals(const Stmt *Body) {
  SourceManager &SM = TU.SM;
  auto At = [&](const Stmt *S) { return SM.getExpansionLoc(S->getBeginLoc()); };
  // The parameter a base argument names (never reassigned here), else -1.
  auto BaseParam = [&](const Expr *E) {
    int I = paramIndex(E);
    return I >= 0 && Reassigned.count(FD->getParamDecl(unsigned(I))) ? -1 : I;
  };
  // The local pointer an object argument is reached from: 'c', '(void *)c',
  // '&c->ev'.
  auto LocalOf = [](const Expr *E) -> const VarDecl * {
    const Expr *X = strip(E);
    while (X) {
      if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
        X = strip(UO->getSubExpr());
      else if (const auto *ME = dyn_cast<MemberExpr>(X); ME && ME->isArrow())
        X = strip(ME->getBase());
      else
        break;
    }
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || isa<ParmVarDecl>(VD) || !VD->hasLocalStorage() || !VD->getType()->isPointerType())
      return nullptr;
    return VD;
  };
  struct Reg {
    const VarDecl *VD;
    Id Event;
    int Base;
    SourceLocation Where;
  };
  std::vector<Reg> Regs;
  std::map<Id, int> Bound; // event slot -> base parameter (-1: several or none)
  std::map<const VarDecl *, std::vector<const Stmt *>> Assigns;
  std::set<const VarDecl *> Bad;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    auto VarOf = [](const Expr *E) -> const VarDecl * {
      const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
      return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    };
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp())
        if (const VarDecl *VD = VarOf(BO->getLHS())) {
          if (BO->getOpcode() == BO_Assign)
            Assigns[VD].push_back(S);
          else
            Bad.insert(VD);
        }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
        if (const VarDecl *VD = VarOf(UO->getSubExpr()))
          Bad.insert(VD);
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->hasInit())
          Assigns[VD].push_back(S);
    } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
      if (std::optional<EventApi> Api = eventApi(CE->getDirectCallee())) {
        llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
        auto Arg = [&](int I) -> const Expr * {
          return I >= 0 && unsigned(I) < Args.size() ? Args[unsigned(I)] : nullptr;
        };
        if (Api->Role == EventRole::Bind && Arg(Api->Event) && Arg(Api->Base)) {
          Id Ev = eventObjectSlot(Arg(Api->Event));
          int B = BaseParam(Arg(Api->Base));
          if (!Ev.empty()) {
            auto [It, New] = Bound.emplace(Ev, B);
            if (!New && It->second != B)
              It->second = -1;
          }
        } else if (Api->Role == EventRole::Register) {
          Id Ev = Arg(Api->Event) ? eventObjectSlot(Arg(Api->Event)) : Id();
          int B = Arg(Api->Base) ? BaseParam(Arg(Api->Base)) : -1;
          for (unsigned I = 0; I < Args.size(); ++I)
            if (int(I) != Api->Base && !isFnValueType(Args[I]->getType()))
              if (const VarDecl *VD = LocalOf(Args[I]))
                Regs.push_back({VD, Api->Base >= 0 ? Id() : Ev, B, At(CE)});
        }
      }
    }
    for (const Stmt *C : S->children())
      Walk(C);
  };
  Walk(Body);
  std::map<const VarDecl *, int> Base; // -1: conflicting
  std::map<const VarDecl *, SourceLocation> FirstReg;
  for (const Reg &R : Regs) {
    int B = R.Base;
    if (!R.Event.empty()) {
      auto It = Bound.find(R.Event);
      B = It == Bound.end() ? -1 : It->second;
    }
    auto [It, New] = Base.emplace(R.VD, B);
    if (!New && It->second != B)
      It->second = -1;
    auto [F, FNew] = FirstReg.emplace(R.VD, R.Where);
    if (!FNew && SM.isBeforeInTranslationUnit(R.Where, F->second))
      F->second = R.Where;
  }
  for (const auto &[VD, B] : Base) {
    if (B < 0 || Bad.count(VD))
      continue;
    SourceLocation Last;
    bool Ok = true;
    for (const Stmt *S : Assigns[VD]) {
      // Assigned in a loop, or after the registration: the local may name
      // another object there.
      if (enclosingLoop(S) || !SM.isBeforeInTranslationUnit(At(S), FirstReg[VD]))
        Ok = false;
      SourceLocation End = SM.getExpansionLoc(S->getEndLoc());
      if (Last.isInvalid() || SM.isBeforeInTranslationUnit(Last, End))
        Last = End;
    }
    if (Ok && Last.isValid())
      RegisteredLocals[VD] = RegisteredLocal{unsigned(B), Last};
  }
}

int FunctionAnalyzer::derivedParam(const Expr *E) const {
  return rootParam(
      E,
      [&](const Expr *P) {
        int I = paramIndex(P);
        return I >= 0 && Reassigned.count(FD->getParamDecl(unsigned(I))) ? -1 : I;
      },
      [&](const VarDecl *VD) {
        auto It = DerivedLocals.find(VD);
        return It == DerivedLocals.end() ? -1 : int(It->second);
      });
}

const LockSet *FunctionAnalyzer::returnedLocks(const Expr *E) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(strip(E));
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee)
    return nullptr;
  const TUContext::Effect *Eff =
      TU.effectOf(usrOf(Callee->getDefinition() ? Callee->getDefinition() : Callee));
  return Eff && !Eff->Returns.empty() ? &Eff->Returns : nullptr;
}

void FunctionAnalyzer::findReturnedLockLocals(const Stmt *Body) {
  // A local given only what lock-returning functions return (or null):
  // 'hold_lock = item_trylock(hv); ... item_trylock_unlock(hold_lock)'.
  PointerLocals L = collectPointerLocals(
      Body, [](const VarDecl *VD) { return VD->getType()->isPointerType(); },
      /*ArithKeeps=*/false);
  for (const VarDecl *VD : L.Order) {
    if (L.Bad.count(VD) || ParamAlias.count(VD))
      continue;
    const HeldLock *One = nullptr;
    bool Ok = true;
    for (const Expr *V : L.Values[VD]) {
      if (strip(V)->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        continue;
      const LockSet *Ls = returnedLocks(V);
      Ok = Ls && Ls->size() == 1 && (!One || One->Id == Ls->front().Id);
      if (!Ok)
        break;
      One = &Ls->front();
    }
    if (Ok && One)
      ReturnedLockLocals[VD] = *One;
  }
}

void FunctionAnalyzer::findLockTargets(const Stmt *Body) {
  findReturnedLockLocals(Body);
  PointerLocals L = collectPointerLocals(
      Body,
      [](const VarDecl *VD) {
        return VD->getType()->isPointerType() && isSyncType(VD->getType()->getPointeeType());
      },
      /*ArithKeeps=*/false);
  auto &Values = L.Values;
  const auto &Bad = L.Bad;
  const auto &Seen = L.Order;
  for (const VarDecl *VD : Seen) {
    if (Bad.count(VD) || ParamAlias.count(VD) || ReturnedLockLocals.count(VD))
      continue;
    Id Local = localId(VD);
    std::vector<HeldLock> Ts;
    bool Ok = true;
    for (const Expr *V : Values[VD]) {
      const Expr *X = strip(V);
      if (X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        continue;
      const auto *UO = dyn_cast<UnaryOperator>(X);
      if (!UO || UO->getOpcode() != UO_AddrOf) {
        Ok = false;
        break;
      }
      HeldLock T = lockOf(X, X->getBeginLoc());
      T.Where = SrcLoc();
      if (idKind(T.Id) == IdKind::Expr || idKind(T.Id) == IdKind::Local ||
          isParamLock(T.Id)) {
        Ok = false;
        break;
      }
      Ts.push_back(T);
    }
    if (!Ok)
      continue;
    if (Values[VD].empty()) {
      HeldLock Any;
      Any.Id = anyLockId();
      Any.Name = "*";
      Ts.push_back(Any);
    }
    std::sort(Ts.begin(), Ts.end());
    Ts.erase(std::unique(Ts.begin(), Ts.end()), Ts.end());
    for (const HeldLock &T : Ts)
      Out.LockTargets.push_back({Local, T});
  }
}

int FunctionAnalyzer::paramIndex(const Expr *E) const {
  E = strip(E);
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
  if (!DRE)
    return -1;
  if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
    if (P->getDeclContext() == FD && (P->getType()->isPointerType() ||
                                      P->getType()->isReferenceType()))
      return int(P->getFunctionScopeIndex());
  if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
    auto It = ParamAlias.find(VD);
    if (It != ParamAlias.end())
      return int(It->second);
  }
  return -1;
}

const VarDecl *FunctionAnalyzer::aliasedGlobal(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  auto It = VD ? GlobalAlias.find(VD) : GlobalAlias.end();
  return It == GlobalAlias.end() ? nullptr : It->second;
}

bool FunctionAnalyzer::isFreshAllocation(const Expr *E) {
  const Expr *X = strip(E);
  if (isa_and_nonnull<CXXNewExpr>(X))
    return true;
  if (const auto *CE = dyn_cast_or_null<CallExpr>(X))
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier())
        return F->getName().contains_insensitive("alloc");
  return false;
}

bool FunctionAnalyzer::heapPointerDecl(const VarDecl *VD) {
  return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isPointerType() &&
         VD->getInit() && isFreshAllocation(VD->getInit());
}

const VarDecl *FunctionAnalyzer::heapPointer(const Expr *E) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return heapPointerDecl(VD) ? VD : nullptr;
}

std::optional<HeldLock> FunctionAnalyzer::staticInitGuard(const Stmt *S) const {
  for (const Stmt *P = parent(S); P; P = parent(P))
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isStaticLocal() && VD->getInit()) {
          HeldLock H;
          H.Id = makeId(IdKind::Guard, usrOf(VD));
          H.Name = "initialisation of static '" + VD->getNameAsString() + "'";
          H.Where = TU.loc(VD->getLocation());
          return H;
        }
      return std::nullopt;
    }
  return std::nullopt;
}

LockSet FunctionAnalyzer::mayOnly(const State &St) {
  LockSet R;
  for (const HeldLock &H : St.May)
    if (!std::binary_search(St.Locks.begin(), St.Locks.end(), H))
      R.push_back(H);
  return R;
}

LockSet FunctionAnalyzer::visible(const LockSet &Ls) const {
  if (InferredEntry.empty())
    return Ls;
  LockSet R;
  for (const HeldLock &H : Ls)
    if (!(InferredEntry.count(H.Id) && !H.Where.valid()))
      R.push_back(H);
  return R;
}

std::vector<Id> FunctionAnalyzer::dropped(const State &St) const {
  std::vector<Id> R;
  for (const HeldLock &H : EntryLocks)
    if (!std::binary_search(St.Locks.begin(), St.Locks.end(), H))
      R.push_back(H.Id);
  return R;
}

LockSet FunctionAnalyzer::heldAt(const State &St, const Stmt *S) const {
  LockSet Held = visible(St.Locks);
  if (std::optional<HeldLock> G = staticInitGuard(S))
    Held.insert(std::lower_bound(Held.begin(), Held.end(), *G), *G);
  return Held;
}

const VarDecl *FunctionAnalyzer::globalPointer(const Expr *E) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (VD && VD->hasGlobalStorage() && VD->getType()->isPointerType() &&
      VD->getTLSKind() == VarDecl::TLS_None)
    return VD;
  return nullptr;
}

} // namespace extract
} // namespace parcheck
