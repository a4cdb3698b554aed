//===- ExtractContext.cpp - AST helpers and the state lattice -------------===//
#include "extract/ExtractContext.h"

#include "extract/LockModel.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Index/USRGeneration.h"

namespace parcheck {
namespace extract {

namespace {
thread_local UsrMemo *CurrentUsrMemo = nullptr;
} // namespace

UsrMemo::UsrMemo() : Outer(CurrentUsrMemo) { CurrentUsrMemo = this; }
UsrMemo::~UsrMemo() { CurrentUsrMemo = Outer; }

std::string usrOf(const Decl *D) {
  if (!D)
    return {};
  if (CurrentUsrMemo)
    if (auto It = CurrentUsrMemo->Memo.find(D); It != CurrentUsrMemo->Memo.end())
      return It->second;
  llvm::SmallString<128> Buf;
  std::string Usr = index::generateUSRForDecl(D, Buf) ? std::string() : std::string(Buf);
  if (CurrentUsrMemo) // added after the USR is made: no entry is held across clang's code
    CurrentUsrMemo->Memo.try_emplace(D, Usr);
  return Usr;
}

const MemberExpr *calleeMember(const Expr *Callee) {
  const Expr *X = Callee ? Callee->IgnoreParenImpCasts() : nullptr;
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref)
    X = UO->getSubExpr()->IgnoreParenImpCasts();
  return dyn_cast_or_null<MemberExpr>(X);
}

std::string recordClassName(const RecordDecl *RD) {
  std::string Cls = RD->getQualifiedNameAsString();
  if (Cls.empty() || RD->isAnonymousStructOrUnion())
    Cls = recordName(QualType(RD->getTypeForDecl(), 0));
  return Cls;
}

std::string memberFieldName(const FieldDecl *F) {
  return recordClassName(F->getParent()) + "::" + F->getNameAsString();
}

void ctorMemberArgs(const CXXConstructExpr *CE,
                    llvm::function_ref<void(const FieldDecl *, const Expr *)> Fn) {
  const auto *Def = dyn_cast_or_null<CXXConstructorDecl>(CE->getConstructor()->getDefinition());
  if (!Def)
    return;
  for (const CXXCtorInitializer *CI : Def->inits())
    if (const FieldDecl *F = CI->getMember())
      if (const auto *PR = dyn_cast_or_null<DeclRefExpr>(CI->getInit()->IgnoreImplicit()))
        if (const auto *P = dyn_cast<ParmVarDecl>(PR->getDecl());
            P && P->getFunctionScopeIndex() < CE->getNumArgs())
          Fn(F, CE->getArg(P->getFunctionScopeIndex()));
}

bool endsInJump(const Stmt *S, bool LoopJumps) {
  while (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    S = CS->body_empty() ? nullptr : CS->body_back();
  return S && (isa<ReturnStmt>(S) || (LoopJumps && (isa<BreakStmt>(S) || isa<ContinueStmt>(S))));
}

std::optional<int64_t> intConstant(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getExtValue();
  return std::nullopt;
}

const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *W = dyn_cast<ExprWithCleanups>(E))
      E = W->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *C = dyn_cast<CStyleCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *C = dyn_cast<CXXNamedCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor())
      E = CE->getArg(0);
    else
      break;
  }
  return E;
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) || isa<CXXForRangeStmt>(S);
}

bool isConstantIndex(const Expr *E, ASTContext &Ctx) {
  return E && !E->isValueDependent() && E->isIntegerConstantExpr(Ctx);
}

LockSet intersect(const LockSet &A, const LockSet &B) {
  LockSet R;
  for (const HeldLock &H : A)
    if (std::binary_search(B.begin(), B.end(), H))
      R.push_back(H);
  return R;
}

void mergeInto(State &Dst, const State &Src) {
  if (!Src.Reached)
    return;
  if (!Dst.Reached) {
    Dst = Src;
    return;
  }
  mergeConds(Dst, Src);
  Dst.Locks = intersect(Dst.Locks, Src.Locks);
  // The fewest extra holds of a lock class still held on both.
  for (auto It = Dst.Extra.begin(); It != Dst.Extra.end();) {
    auto S = Src.Extra.find(It->first);
    bool Held = std::any_of(Dst.Locks.begin(), Dst.Locks.end(),
                            [&](const HeldLock &H) { return H.Id == It->first; });
    if (S == Src.Extra.end() || !Held) {
      It = Dst.Extra.erase(It);
      continue;
    }
    It->second = std::min(It->second, S->second);
    ++It;
  }
  for (const HeldLock &H : Src.May)
    Dst.addMay(H);
  for (auto It = Dst.Guards.begin(); It != Dst.Guards.end();) {
    auto S = Src.Guards.find(It->first);
    if (S == Src.Guards.end()) {
      It = Dst.Guards.erase(It);
      continue;
    }
    It->second = intersect(It->second, S->second);
    ++It;
  }
  for (auto It = Dst.TryHeld.begin(); It != Dst.TryHeld.end();)
    It = Src.TryHeld.count(*It) ? std::next(It) : Dst.TryHeld.erase(It);
  Dst.Spawned.insert(Src.Spawned.begin(), Src.Spawned.end());
  Dst.Joined.insert(Src.Joined.begin(), Src.Joined.end());
  Dst.Taken.insert(Src.Taken.begin(), Src.Taken.end());
  // Must-sets of owned pointers, with the union of their hand-offs.
  auto MeetOwned = [](std::map<const VarDecl *, std::set<Id>> &D,
                      const std::map<const VarDecl *, std::set<Id>> &S) {
    for (auto It = D.begin(); It != D.end();) {
      auto X = S.find(It->first);
      if (X == S.end()) {
        It = D.erase(It);
        continue;
      }
      It->second.insert(X->second.begin(), X->second.end());
      ++It;
    }
  };
  MeetOwned(Dst.Fresh, Src.Fresh);
  // A taken pointer meets a null one as itself ('stack = NULL; if (..) stack =
  // q->head;'): where it is not null, it holds the taken object.
  for (const auto &[VD, Vias] : Src.Owned)
    if (Dst.Null.count(VD))
      Dst.Owned[VD] = Vias;
  std::map<const VarDecl *, std::set<Id>> SrcOwned = Src.Owned;
  for (const VarDecl *VD : Src.Null)
    if (!SrcOwned.count(VD))
      if (auto It = Dst.Owned.find(VD); It != Dst.Owned.end())
        SrcOwned[VD] = It->second;
  MeetOwned(Dst.Owned, SrcOwned);
  for (auto It = Dst.Null.begin(); It != Dst.Null.end();)
    It = Src.Null.count(*It) ? std::next(It) : Dst.Null.erase(It);
  for (const auto &[VD, Links] : Src.Copies)
    Dst.Copies[VD].insert(Links.begin(), Links.end());
  // Put under locks on either path: published at the first release of any.
  for (const auto &[VD, Ls] : Src.PutUnder)
    Dst.PutUnder[VD].insert(Ls.begin(), Ls.end());
  for (auto It = Dst.PutUnder.begin(); It != Dst.PutUnder.end();)
    It = Dst.Fresh.count(It->first) || Dst.Owned.count(It->first) ? std::next(It)
                                                                   : Dst.PutUnder.erase(It);
}

} // namespace extract
} // namespace parcheck
