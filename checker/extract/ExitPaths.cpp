//===- ExitPaths.cpp - calls and joins on paths that leave the function ---===//
//
// An error path often joins or frees and returns at once:
//
//   if (pthread_create(&ctx->threads[i], 0, run, ctx)) {
//     POOL_free(ctx);              // joins ctx->threads[]
//     return NULL;
//   }
//   ctx->limit = n;                // the threads run here
//
// The join happens before nothing written after that 'return': every path
// from it leaves the function there. returnAfter finds that return
// (CallFact::ReturnAt, JoinFact::ReturnAt); happens-before from joins
// (analysis/Concurrency.cpp) counts such a join of the function's own
// threads only for points up to it, and not at the function's normal exit;
// a call on such a path precedes only the points up to its return.
//
// The return must be an unconditional statement that follows the call's
// statement in its block or in an enclosing block reached by falling
// through 'if' branches and plain blocks; a loop or switch in between (a back
// edge or a case may reach later code), or a statement in between that
// may jump (goto, break, continue), gives no return. A return that is the
// last statement of the function body is the normal exit, not an early one.
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace parcheck {
namespace extract {
namespace {

bool isJump(const Stmt *S) {
  return isa<GotoStmt, IndirectGotoStmt, BreakStmt, ContinueStmt>(S);
}

/// mayJump by a RecursiveASTVisitor, which also walks what a statement's
/// children do not reach: the bodies of a local class's methods and of
/// blocks.
bool mayJumpVisited(const Stmt *S) {
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitStmt(Stmt *S) { return !(Found = isJump(S)); }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(S));
  return F.Found;
}

/// Does S contain a statement that may jump out of its block? A walk of the
/// children (a visitor per statement was 1% of a deep program's run), with
/// the visitor's answer where the children do not reach: a declaration of
/// something other than variables, a block.
bool mayJump(const Stmt *S) {
  if (!S)
    return false;
  if (isJump(S))
    return true;
  if (isa<BlockExpr>(S))
    return mayJumpVisited(S);
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (!isa<VarDecl>(D))
        return mayJumpVisited(S);
  for (const Stmt *C : S->children())
    if (mayJump(C))
      return true;
  return false;
}

} // namespace

// What a scan of CS's statements after the I-th meets first, for every I,
// computed once per block from its end (each statement's mayJump walk done
// once): a block of n calls costs O(n), not O(n^2) walks.
const FunctionAnalyzer::BlockExits &FunctionAnalyzer::blockExits(const CompoundStmt *CS) const {
  auto [It, New] = ExitScans.try_emplace(CS);
  BlockExits &E = It->second;
  if (!New)
    return E;
  const unsigned N = CS->size();
  E.After.assign(N, nullptr);
  const Stmt *Next = nullptr; // after child I: a return, CS (one that may jump) or null
  for (unsigned I = N; I-- > 0;) {
    const Stmt *Child = CS->body_begin()[I];
    E.After[I] = Next;
    E.Index.try_emplace(Child, I);
    if (isa<ReturnStmt>(Child))
      Next = Child;
    else if (mayJump(Child))
      Next = CS; // the block itself stands for "a statement that may jump"
  }
  return E;
}

SrcLoc FunctionAnalyzer::returnAfter(const Stmt *S) const {
  const Stmt *Body = FD ? FD->getBody() : nullptr;
  const Stmt *Cur = S;
  for (const Stmt *P = parent(Cur); P; Cur = P, P = parent(P)) {
    if (isa<Expr>(P) || isa<IfStmt>(P) || isa<LabelStmt>(P) || isa<AttributedStmt>(P) ||
        isa<DeclStmt>(P))
      continue; // falls through to what follows P
    const auto *CS = dyn_cast<CompoundStmt>(P);
    if (!CS)
      return {}; // a loop, a switch, a try: later code may be reached
    const BlockExits &E = blockExits(CS);
    auto Pos = E.Index.find(Cur);
    const Stmt *First = Pos == E.Index.end() ? nullptr : E.After[Pos->second];
    if (First == CS)
      return {}; // a statement that may jump comes first
    if (const auto *R = dyn_cast_or_null<ReturnStmt>(First)) {
      if (CS == Body && R == CS->body_back())
        return {}; // the normal exit
      return TU.loc(R->getBeginLoc());
    }
    if (CS == Body)
      return {};
  }
  return {};
}

} // namespace extract
} // namespace parcheck
