//===- HandOff.cpp - objects handed over through locked containers --------===//
//
// Facts for ownership transfer (the analysis decides: "hand-off through
// containers" in analysis/HandOff.cpp). As RacerD's ownership, extended the
// way Goblint's lockset reasoning orders a producer and a consumer:
//   * State::Owned: local pointers holding an object this thread took out of
//     a container under a lock, a dequeue: the pointer is read from a member
//     or a global while a lock is held, and the function also assigns that
//     member or global (the removal: 'it = q->head; q->head = it->next;').
//     The object is the thread's own until it publishes it again (stores it,
//     returns it, hands it to a thread or to a callee that lets it go: the
//     same uses as for a fresh object, Escape.cpp). Accesses through it are
//     AccessFact::HandedOff.
//   * TUContext::OwnedReturns: a function of the TU whose every non-null
//     return is a local pointer still owned there hands that ownership to its
//     caller: an allocation wrapper ('cqi_new': fresh) or a dequeue function
//     ('cq_pop': taken). A call of it initialises a local as the function's
//     return would. Settled over the extraction rounds.
// Known limits:
//   * the removal is matched by declaration: an assignment to the same member
//     of any object, or to the same global, anywhere in the function (not
//     checked to be under the same lock, nor on the same path);
//   * a peek (a read of the container under its lock, with no removal) is
//     not a take: its object stays shared;
//   * a copy of an owned pointer into another local publishes it (the copy
//     is not followed), and a pointer read from an owned object's fields
//     ('next = it->next') is not owned;
//   * wrappers are per TU: a dequeue or allocation function of another TU is
//     not known here (unless its name says alloc, Aliases.cpp).
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace parcheck {
namespace extract {

namespace {

const Expr *bare(const Expr *E) { return E ? strip(E->IgnoreParenCasts()) : nullptr; }

/// The member or global a container link read or write names, or null.
const Decl *linkDecl(const Expr *E) {
  const Expr *X = bare(E);
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(X))
    return ME->getMemberDecl();
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
      return VD;
  return nullptr;
}

} // namespace

void FunctionAnalyzer::findContainerWrites(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
    if (const Decl *D = linkDecl(BO->getLHS()))
      ContainerWrites.insert(D);
  for (const Stmt *C : S->children())
    findContainerWrites(C);
}

bool FunctionAnalyzer::takesFromContainer(const State &St, const Expr *Init) const {
  if (St.Locks.empty() || !Init || !Init->getType()->isPointerType())
    return false;
  const Decl *D = linkDecl(Init);
  if (!D || !ContainerWrites.count(D))
    return false;
  const auto *VD = dyn_cast<ValueDecl>(D);
  return VD && VD->getType()->isPointerType();
}

std::optional<TUContext::Returned> FunctionAnalyzer::ownedReturnOf(const Expr *Init) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(bare(Init));
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  if (!F)
    return std::nullopt;
  const FunctionDecl *Def = F->getDefinition() ? F->getDefinition() : F;
  auto It = TU.OwnedReturns.find(usrOf(Def));
  if (It == TU.OwnedReturns.end())
    return std::nullopt;
  return It->second;
}

void FunctionAnalyzer::ownOnAssign(State &St, const VarDecl *VD, const Expr *Init,
                                   bool Ownable) const {
  St.Fresh.erase(VD);
  St.Owned.erase(VD);
  if (!Ownable || !Init)
    return;
  std::optional<TUContext::Returned> R = ownedReturnOf(Init);
  if (isFreshAllocation(Init) || R == TUContext::Returned::Fresh)
    St.Fresh[VD].clear();
  else if (R == TUContext::Returned::Taken || takesFromContainer(St, Init))
    St.Owned[VD].clear();
}

void FunctionAnalyzer::noteOwnedReturn(const State &St, const DeclRefExpr *DRE,
                                       const VarDecl *VD) {
  const Stmt *P = parent(DRE);
  while (P && isa<Expr>(P) && bare(cast<Expr>(P)) == DRE)
    P = parent(P);
  const auto *RS = dyn_cast_or_null<ReturnStmt>(P);
  if (!RS)
    return;
  auto F = St.Fresh.find(VD);
  if (F != St.Fresh.end() && F->second.empty())
    OwnedRets[RS] = TUContext::Returned::Fresh;
  else if (auto O = St.Owned.find(VD); O != St.Owned.end() && O->second.empty())
    OwnedRets[RS] = TUContext::Returned::Taken;
}

void FunctionAnalyzer::recordOwnedReturns() {
  if (OwnedRets.empty() || !FD->getReturnType()->isPointerType())
    return;
  // Every return: null, or one noted by noteOwnedReturn on the walk.
  struct Returns : RecursiveASTVisitor<Returns> {
    std::vector<const ReturnStmt *> All;
    bool VisitReturnStmt(ReturnStmt *RS) {
      All.push_back(RS);
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } V;
  V.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
  TUContext::Returned Kind = TUContext::Returned::Fresh;
  for (const ReturnStmt *RS : V.All) {
    const Expr *E = RS->getRetValue();
    if (E && E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      continue;
    auto It = OwnedRets.find(RS);
    if (It == OwnedRets.end())
      return;
    if (It->second == TUContext::Returned::Taken)
      Kind = TUContext::Returned::Taken;
  }
  TU.NewOwnedReturns[FnUsr] = Kind;
}

} // namespace extract
} // namespace parcheck
