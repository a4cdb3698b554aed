//===- HandleStores.cpp - local thread handles stored where they outlive --===//
//
// A pool often starts its threads into a local array and then hands the
// array to its object:
//
//   pthread_t *pool = calloc(n, sizeof *pool);
//   for (i = 0; i < n; i++) pthread_create(&pool[i], 0, worker, ctx);
//   ctx->threads = pool;              // POOL_join(ctx) joins ctx->threads[i]
//
// The handle is then the object's: a join of 'ctx->threads[i]' in another
// function ends these threads. storedSharedHandle gives such a spawn the key
// of the place the local is stored to (SpawnFact::SharedHandle, the key
// JoinFact uses), so happens-before from joins in helpers
// (analysis/Concurrency.cpp) sees the join.
//
// Contract: the local must be stored, as itself (casts aside), to exactly one
// shared place (a member, a static member or a global) anywhere in the
// function; stores to several places give no key (which of them is joined is
// not known). Known limits, as for a handle spawned into the member
// directly: a store on only some paths counts, and a member's join joins
// that member in every object of the class.
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace parcheck {
namespace extract {
namespace {

/// The local variable a handle expression names ('&pool[i]', 'pool + i',
/// '*tid'), or null when it is not a local.
const VarDecl *localOfHandle(const Expr *E) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(handleBase(E, /*Arithmetic=*/true));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

/// The right-hand sides of the assignments 'L = <Local>' in a body.
class StoresOf : public RecursiveASTVisitor<StoresOf> {
public:
  explicit StoresOf(const VarDecl *Local) : Local(Local) {}
  std::vector<const Expr *> Targets;

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const Expr *R = BO->getRHS()->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(R); DRE && DRE->getDecl() == Local)
      Targets.push_back(BO->getLHS());
    return true;
  }

private:
  const VarDecl *Local;
};

} // namespace

Id FunctionAnalyzer::storedSharedHandle(const Expr *Handle) const {
  const VarDecl *Local = localOfHandle(Handle);
  if (!Local || !FD->hasBody())
    return {};
  StoresOf V(Local);
  V.TraverseStmt(FD->getBody());
  Id Key;
  for (const Expr *T : V.Targets) {
    Id K = sharedHandleKey(T);
    if (K.empty())
      continue;
    if (!Key.empty() && K != Key)
      return {};
    Key = K;
  }
  return Key;
}

} // namespace extract
} // namespace parcheck
