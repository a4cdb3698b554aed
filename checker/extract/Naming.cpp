//===- Naming.cpp - naming locations and access kinds ---------------------===//
#include "extract/FunctionAnalyzer.h"

#include "facts/Ids.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSwitch.h"

namespace parcheck {
namespace extract {

std::string FunctionAnalyzer::varName(const VarDecl *VD) const {
  auto [It, New] = TU.VarNames.try_emplace(VD);
  if (New) {
    if (const auto *F = VD->isStaticLocal() ? dyn_cast<FunctionDecl>(VD->getDeclContext())
                                            : nullptr)
      It->second = F->getNameAsString() + "()::" + VD->getNameAsString();
    else if (VD->hasGlobalStorage())
      It->second = VD->getQualifiedNameAsString();
    else
      It->second = VD->getNameAsString();
  }
  return It->second;
}

Id FunctionAnalyzer::localId(const VarDecl *VD) const {
  const DeclContext *DC = VD->getParentFunctionOrMethod();
  return parcheck::localId(usrOf(dyn_cast_or_null<Decl>(DC)), usrOf(VD));
}

bool FunctionAnalyzer::capturedByCopy(const DeclRefExpr *DRE) const {
  if (!DRE->refersToEnclosingVariableOrCapture())
    return false;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  auto It = CaptureByRef.find(VD);
  return It != CaptureByRef.end() && !It->second;
}

bool FunctionAnalyzer::classifyVar(const DeclRefExpr *DRE, LocInfo &L) {
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || VD->getTLSKind() != VarDecl::TLS_None || VD->isConstexpr())
    return false;
  if (VD->hasGlobalStorage()) {
    L.Id = makeId(IdKind::Usr, usrOf(VD));
    L.Name = varName(VD);
    return !L.Id.empty();
  }
  if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
    if (P->getType()->isReferenceType() && P->getDeclContext() == FD &&
        !P->getType().getNonReferenceType().isConstQualified()) {
      L.Id = paramId(P->getFunctionScopeIndex());
      L.Name = P->getNameAsString();
      return true;
    }
    return false;
  }
  // A local reference ('uint32_t &seed = store[i].seed; ++seed;') is another
  // name for what it was bound to, which a reference cannot leave: its
  // accesses are accesses of the initialiser's location. Only a reference
  // declared in this function (its initialiser is this function's code).
  if (VD->getType()->isReferenceType() && !capturedByCopy(DRE)) {
    const Expr *Init = VD->getInit();
    if (!Init || VD->getDeclContext() != FD || RefDepth > 4 || !Init->isGLValue())
      return false;
    ++RefDepth;
    bool Known = classify(Init, L);
    --RefDepth;
    return Known;
  }
  if (capturedByCopy(DRE))
    return false;
  if (TU.EscapedLocals.count(VD)) {
    L.Id = localId(VD);
    L.Name = VD->getNameAsString();
    return true;
  }
  return false;
}

bool FunctionAnalyzer::classifyMember(const MemberExpr *ME, LocInfo &L) {
  if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) { // static member
    if (VD->getTLSKind() != VarDecl::TLS_None || VD->isConstexpr())
      return false;
    L.Id = makeId(IdKind::Usr, usrOf(VD));
    L.Name = varName(VD);
    return true;
  }
  const auto *FDl = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FDl)
    return false;
  L.Field = memberFieldName(FDl);
  // Walk the base: a path from a variable, or class level.
  std::string Path = "." + FDl->getNameAsString();
  const Expr *B = ME->getBase()->IgnoreParenImpCasts();
  bool Arrow = ME->isArrow();
  while (!Arrow) {
    if (const auto *BM = dyn_cast<MemberExpr>(B)) {
      if (!isa<FieldDecl>(BM->getMemberDecl()))
        break;
      Path = "." + BM->getMemberDecl()->getNameAsString() + Path;
      Arrow = BM->isArrow();
      B = BM->getBase()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(B)) {
      if (!isConstantIndex(AS->getIdx(), Ctx)) {
        L.Indexed = true;
        if (!L.Index)
          L.Index = AS->getIdx();
      }
      B = AS->getBase()->IgnoreParenImpCasts();
      if (!B->getType()->isArrayType()) // pointer arithmetic: class level
        Arrow = true;
      continue;
    }
    break;
  }
  if (!Arrow) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD || VD->getTLSKind() != VarDecl::TLS_None)
        return false;
      if (VD->hasGlobalStorage()) {
        L.Id = makeId(IdKind::Path, usrOf(VD) + Path);
        L.Name = varName(VD) + Path;
        return true;
      }
      if (isa<ParmVarDecl>(VD) && VD->getType()->isReferenceType()) {
        Arrow = true; // a reference parameter: class level
      } else if (!VD->getType()->isReferenceType() && !capturedByCopy(DRE) &&
                 TU.EscapedLocals.count(VD)) {
        L.Id = makeId(IdKind::Local, localId(VD).key() + Path);
        L.Name = VD->getNameAsString() + Path;
        return true;
      } else if (!VD->getType()->isReferenceType()) {
        return false; // a local object nobody else sees
      } else {
        Arrow = true;
      }
    } else if (!isa<CXXThisExpr>(B)) {
      return false; // a temporary or call result
    }
  }
  if (IsCtorDtor && isa<CXXThisExpr>(B))
    return false; // the object is not shared while it is built or destroyed
  // An object reached through a global pointer or returned by a call may be
  // reached by any thread.
  if (Arrow && (isa<CallExpr>(B) || globalPointer(B)))
    TU.SharedClasses.insert(recordName(B->getType()));
  L.ClassLevel = true;
  L.RefMember = FDl->getType()->isReferenceType() && Path == "." + FDl->getNameAsString();
  L.Id = makeId(IdKind::Field, L.Field);
  L.Name = L.Field;
  return true;
}

bool FunctionAnalyzer::classifyDeref(const UnaryOperator *UO, LocInfo &L) {
  if (UO->getOpcode() != UO_Deref)
    return false;
  return classifyPointee(UO->getSubExpr(), UO->getType(), L, true);
}

bool FunctionAnalyzer::classifyPointee(const Expr *Ptr, QualType T, LocInfo &L,
                                       bool ClassLevel) {
  int I = paramIndex(Ptr);
  if (I < 0) {
    if (const VarDecl *P = heapPointer(Ptr)) {
      L.Id = heapId(P);
      L.Name = "*" + P->getNameAsString();
      return true;
    }
    if (const VarDecl *G = aliasedGlobal(Ptr)) {
      L.Id = makeId(IdKind::Usr, usrOf(G));
      L.Name = varName(G);
      return true;
    }
    if (const VarDecl *GP = globalPointer(Ptr)) {
      L.Id = makeId(IdKind::Pointee, usrOf(GP));
      L.Name = "*" + varName(GP);
      return true;
    }
    // *p = s: the whole object, as its class.
    if (ClassLevel && T->isRecordType()) {
      std::string R = recordName(T);
      const Expr *B = strip(Ptr);
      if (R.empty())
        return false;
      if (isa<CallExpr>(B) || globalPointer(B))
        TU.SharedClasses.insert(R);
      L.ClassLevel = true;
      L.Field = R + "::*";
      L.Id = makeId(IdKind::Field, L.Field);
      L.Name = R + " object";
      return true;
    }
    return false;
  }
  L.Id = paramId(unsigned(I));
  L.Name = "*" + FD->getParamDecl(unsigned(I))->getNameAsString();
  return true;
}

bool FunctionAnalyzer::classifyElement(const ArraySubscriptExpr *AS, LocInfo &L) {
  L.Indexed = !isConstantIndex(AS->getIdx(), Ctx);
  if (L.Indexed && !L.Index)
    L.Index = AS->getIdx();
  const Expr *B = AS->getBase()->IgnoreParenImpCasts();
  if (int I = paramIndex(B); I >= 0) {
    L.Id = paramId(unsigned(I));
    L.Name = FD->getParamDecl(unsigned(I))->getNameAsString() + "[]";
    return true;
  }
  if (const VarDecl *P = heapPointer(B)) {
    L.Id = heapId(P);
    L.Name = P->getNameAsString() + "[]";
    return true;
  }
  if (const VarDecl *GP = globalPointer(B)) {
    L.Id = makeId(IdKind::Pointee, usrOf(GP));
    L.Name = varName(GP) + "[]";
    return true;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || !VD->getType()->isArrayType() || VD->getTLSKind() != VarDecl::TLS_None)
      return false;
    if (VD->hasGlobalStorage()) {
      L.Id = makeId(IdKind::Usr, usrOf(VD));
      L.Name = varName(VD) + "[]";
      return true;
    }
    if (TU.EscapedLocals.count(VD) && !capturedByCopy(DRE)) {
      L.Id = localId(VD);
      L.Name = VD->getNameAsString() + "[]";
      return true;
    }
  }
  return false;
}

namespace {
/// Is the object lvalue E denotes itself const (a const variable, a const
/// member, an element or member of one), not only seen through a pointer
/// or reference to const ('const struct buf *b; b->head' reads an object
/// others may write)? 'mutable' members of const objects are not.
bool immutableObject(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD && !VD->getType()->isReferenceType() && VD->getType().isConstQualified();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD) // a static member: a variable
      return ME->getType().isConstQualified();
    if (FD->isMutable())
      return false;
    if (FD->getType().isConstQualified())
      return true;
    return !ME->isArrow() && immutableObject(ME->getBase());
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
    return Base->getType()->isArrayType() && immutableObject(Base);
  }
  return false;
}
} // namespace

bool FunctionAnalyzer::classify(const Expr *E, LocInfo &L) {
  E = E->IgnoreParens();
  QualType T = E->getType();
  // Neither answer reads T's qualifiers, so they are kept per type pointer.
  auto [Kinds, New] = TU.SyncKinds.try_emplace(T.getTypePtr(), 0);
  if (New)
    Kinds->second = (isAtomicType(T) ? TUContext::KindAtomic : 0) |
                    (isSyncType(T) ? TUContext::KindSync : 0);
  if (Kinds->second & TUContext::KindAtomic)
    L.Atomic = true;
  else if (Kinds->second & TUContext::KindSync)
    return false;
  if (T.isConstQualified() && !L.Atomic && immutableObject(E))
    return false;

  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return classifyVar(DRE, L);

  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return classifyMember(ME, L);

  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return classifyDeref(UO, L);

  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return classifyElement(AS, L);
  return false;
}

bool FunctionAnalyzer::outermost(const Expr *E) const {
  const Expr *C = nullptr;
  const Stmt *P = lvalueParent(E, &C);
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
    return ME->isArrow() || ME->getBase()->IgnoreParens() != C->IgnoreParens() ||
           !isa<FieldDecl>(ME->getMemberDecl());
  if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(P))
    if (IC->getCastKind() == CK_ArrayToPointerDecay)
      if (isa_and_nonnull<ArraySubscriptExpr>(parent(IC)))
        return false;
  return true;
}

bool FunctionAnalyzer::userDefined(const FunctionDecl *F, TUContext &TU) {
  if (!F)
    return false;
  const FunctionDecl *Def = nullptr;
  if (!F->hasBody(Def) || !Def)
    return false;
  return !TU.inSystem(Def->getLocation());
}

bool FunctionAnalyzer::libraryFunction(const FunctionDecl *F, TUContext &TU) {
  return isLibraryFunction(F, TU);
}

bool isLibraryFunction(const FunctionDecl *F, TUContext &TU) {
  if (auto It = TU.LibraryFns.find(F); It != TU.LibraryFns.end())
    return It->second;
  bool Library = !FunctionAnalyzer::userDefined(F, TU) &&
                 (F->hasBody() || TU.inSystem(F->getLocation()) || F->getBuiltinID() != 0);
  TU.LibraryFns[F] = Library;
  return Library;
}

AccessKind FunctionAnalyzer::paramAccess(QualType PT) const {
  if (PT->isReferenceType())
    return PT.getNonReferenceType().isConstQualified() ? AccessKind::Read
                                                       : AccessKind::Write;
  return AccessKind::Read;
}

namespace {
/// Does Body change what the reference V is bound to: assign, increment or
/// take the address of it, call a non-const method on it, or pass it to a
/// non-const reference or pointer parameter?
class ChangesThrough : public RecursiveASTVisitor<ChangesThrough> {
public:
  ChangesThrough(const VarDecl *V, ParentMap &PM) : V(V), PM(PM) {}
  bool Found = false;

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    if (D->getDecl() != V)
      return true;
    const Stmt *Child = D;
    const Stmt *P = PM.getParentIgnoreParenImpCasts(D);
    while (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) { // x.field
      if (isa<CXXMethodDecl>(ME->getMemberDecl()))
        break;
      Child = P;
      P = PM.getParentIgnoreParenImpCasts(const_cast<Stmt *>(P));
    }
    if (!P)
      return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      Found |= BO->isAssignmentOp() && BO->getLHS()->IgnoreParenImpCasts() == Child;
    else if (const auto *UO = dyn_cast<UnaryOperator>(P))
      Found |= UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf;
    else if (const auto *ME = dyn_cast<MemberExpr>(P))
      Found |= !cast<CXXMethodDecl>(ME->getMemberDecl())->isConst();
    else if (isa<CallExpr, CXXConstructExpr, InitListExpr>(P)) {
      // Passed on: only a copy of its value ('f(x)' for a scalar) is a read.
      const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(PM.getParent(const_cast<Stmt *>(Child)));
      Found |= !IC || IC->getCastKind() != CK_LValueToRValue;
    }
    else if (const auto *DS = dyn_cast<DeclStmt>(P))
      for (const Decl *X : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(X))
          Found |= VD->getType()->isReferenceType() &&
                   !VD->getType().getNonReferenceType().isConstQualified();
    return !Found;
  }

private:
  const VarDecl *V;
  ParentMap &PM;
};
} // namespace

bool FunctionAnalyzer::rangeForReadsOnly(const CXXMemberCallExpr *MC) const {
  // The implicit 'begin()'/'end()' of 'for (T &x : c)': a non-const
  // container's are the non-const overloads, though the loop only reads the
  // elements unless it changes them through x.
  const Stmt *P = MC;
  const CXXForRangeStmt *FR = nullptr;
  for (int Depth = 0; P && Depth < 4 && !FR; ++Depth) {
    P = parent(P);
    FR = dyn_cast_or_null<CXXForRangeStmt>(P);
  }
  if (!FR || !FR->getLoopVariable() || FR->getBody() == nullptr)
    return false;
  auto Inside = [&](const Stmt *S) {
    return S && S->getSourceRange().isValid() &&
           !TU.SM.isBeforeInTranslationUnit(MC->getBeginLoc(), S->getBeginLoc()) &&
           !TU.SM.isBeforeInTranslationUnit(S->getEndLoc(), MC->getBeginLoc());
  };
  if (!Inside(FR->getBeginStmt()) && !Inside(FR->getEndStmt()))
    return false;
  const VarDecl *V = FR->getLoopVariable();
  QualType T = V->getType();
  if (!T->isReferenceType())
    return !T->isPointerType() && !T->isRecordType(); // a copy of each element
  if (T.getNonReferenceType().isConstQualified())
    return true;
  auto [It, New] = RangeForChanges.try_emplace(FR, false);
  if (New) {
    ParentMap PM(const_cast<Stmt *>(FR->getBody()));
    ChangesThrough C(V, PM);
    C.TraverseStmt(const_cast<Stmt *>(FR->getBody()));
    It->second = C.Found;
  }
  return !It->second;
}

AccessKind FunctionAnalyzer::accessKind(const Expr *E, bool &AtomicBuiltin,
                                        const FunctionDecl **External) {
  // A function of another TU of the program, not a library's: what it does
  // with the object is followed into its definition when the program has one.
  auto NoteExternal = [&](const FunctionDecl *F) {
    if (External && !userDefined(F, TU) && !libraryFunction(F, TU))
      *External = F;
  };
  const Expr *C = nullptr;
  const Stmt *P = lvalueParent(E, &C);
  if (!P)
    return AccessKind::None;
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(P))
    return IC->getCastKind() == CK_LValueToRValue ? AccessKind::Read : AccessKind::None;
  if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
    if (BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == C->IgnoreParens())
      return AccessKind::Write;
    return AccessKind::None;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
    if (UO->isIncrementDecrementOp())
      return AccessKind::Write;
    if (UO->getOpcode() == UO_AddrOf) {
      // __atomic_* / __sync_* builtins and C11 atomic_* take the address.
      const Stmt *Q = parent(UO);
      while (Q && (isa<ImplicitCastExpr>(Q) || isa<ParenExpr>(Q) || isa<CStyleCastExpr>(Q)))
        Q = parent(Q);
      if (const auto *AE = dyn_cast_or_null<AtomicExpr>(Q)) {
        AtomicBuiltin = true;
        AtomicExpr::AtomicOp Op = AE->getOp();
        return Op == AtomicExpr::AO__atomic_load || Op == AtomicExpr::AO__atomic_load_n ||
                       Op == AtomicExpr::AO__c11_atomic_load
                   ? AccessKind::Read
                   : AccessKind::Write;
      }
      if (const auto *CE = dyn_cast_or_null<CallExpr>(Q))
        if (const FunctionDecl *F = CE->getDirectCallee())
          if (F->getIdentifier()) {
            llvm::StringRef N = F->getName();
            if (N.starts_with("__atomic_") || N.starts_with("__sync_") ||
                N.starts_with("__c11_atomic_") || N.starts_with("atomic_")) {
              AtomicBuiltin = true;
              return N.contains("load") ? AccessKind::Read : AccessKind::Write;
            }
            // A library function (scanf, memset, fread) works on the object
            // itself; a user function's accesses are followed into it.
            if (!userDefined(F, TU) && !isa<CXXMemberCallExpr>(CE) &&
                classifySpawn(CE).Api == ThreadApi::None &&
                classifyJoin(CE).Api == JoinApi::None)
              for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
                if (strip(CE->getArg(I)) != UO)
                  continue;
                NoteExternal(F);
                if (I >= F->getNumParams())
                  return AccessKind::Write; // variadic: scanf's targets
                QualType PT = F->getParamDecl(I)->getType();
                if (PT->isPointerType())
                  return PT->getPointeeType().isConstQualified() ? AccessKind::Read
                                                                 : AccessKind::Write;
              }
          }
    }
    return AccessKind::None;
  }
  if (const auto *AE = dyn_cast<AtomicExpr>(P)) {
    AtomicBuiltin = true;
    switch (AE->getOp()) {
    case AtomicExpr::AO__atomic_load:
    case AtomicExpr::AO__atomic_load_n:
    case AtomicExpr::AO__c11_atomic_load:
      return AccessKind::Read;
    default:
      return AccessKind::Write;
    }
  }
  // obj.method(): the object is the base of the callee's MemberExpr.
  if (const auto *ME = dyn_cast<MemberExpr>(P))
    if (isa<CXXMethodDecl>(ME->getMemberDecl()))
      P = parent(ME);
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(P)) {
    if (MC->getImplicitObjectArgument()->IgnoreParenImpCasts() != C->IgnoreParenImpCasts())
      return AccessKind::None;
    const CXXMethodDecl *MD = MC->getMethodDecl();
    // The callee's own accesses are analysed, also when it is defined in
    // another TU (the merge joins it by USR, as for calls): the call itself
    // is no whole-object write.
    if (!MD || userDefined(MD, TU) || !TU.inSystem(MD->getLocation()))
      return AccessKind::None;
    if (!MD->isConst() && rangeForReadsOnly(MC))
      return AccessKind::Read;
    return MD->isConst() ? AccessKind::Read : AccessKind::Write;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
    const auto *F = dyn_cast_or_null<FunctionDecl>(OC->getCalleeDecl());
    if (!F || userDefined(F, TU))
      return AccessKind::None;
    for (unsigned I = 0; I < OC->getNumArgs(); ++I) {
      if (OC->getArg(I)->IgnoreParenImpCasts() != C->IgnoreParenImpCasts())
        continue;
      if (const auto *MD = dyn_cast<CXXMethodDecl>(F)) {
        if (I == 0)
          return MD->isConst() ? AccessKind::Read : AccessKind::Write;
        if (I - 1 < MD->getNumParams())
          return paramAccess(MD->getParamDecl(I - 1)->getType());
      } else if (I < F->getNumParams()) {
        return paramAccess(F->getParamDecl(I)->getType());
      }
    }
    return AccessKind::None;
  }
  if (const auto *CE = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F)
      return AccessKind::None;
    // std::ref(x), std::move(x), std::addressof(x) name the object; they do
    // not touch it.
    if (F->getIdentifier() && F->isInStdNamespace() &&
        llvm::StringSwitch<bool>(F->getName())
            .Cases("ref", "cref", "move", "forward", "addressof", "as_const", true)
            .Default(false))
      return AccessKind::None;
    // A reference bound to a user function's parameter is followed into it.
    bool User = userDefined(F, TU);
    for (unsigned I = 0; I < CE->getNumArgs() && I < F->getNumParams(); ++I)
      if (CE->getArg(I)->IgnoreParenImpCasts() == C->IgnoreParenImpCasts()) {
        if (User)
          return AccessKind::None;
        NoteExternal(F);
        return paramAccess(F->getParamDecl(I)->getType());
      }
    return AccessKind::None;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
    if (CE->getConstructor()->isCopyOrMoveConstructor())
      return AccessKind::Read;
    return AccessKind::None;
  }
  return AccessKind::None;
}

} // namespace extract
} // namespace parcheck
