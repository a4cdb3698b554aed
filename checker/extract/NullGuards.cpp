//===- NullGuards.cpp - code that runs only for a null (or non-null) argument ===//
//
// A function often has two ways of doing its work, chosen by whether a
// pointer parameter is null: libuv's file requests run synchronously when no
// callback is given and go to the thread pool otherwise,
//
//   if (cb != NULL) { uv__work_submit(loop, &req->work_req, ..); return 0; }
//   else            { uv__fs_work(&req->work_req); return req->result; }
//
// and each caller picks one ('uv_fs_stat(loop, &ctx->fs_req, path, poll_cb)'
// always submits; 'uv_fs_open(NULL, &fs_req, path, flags, 0, NULL)' inside
// the pool's own work always runs here). The facts say which tests of the
// function's pointer parameters hold wherever a call or an access runs
// (NullGuards: the branch of an 'if', '?:', '&&' or '||' it is in, and the
// early returns of its blocks before it: 'if (!p) return;'), and what each
// pointer argument of a call is (NullArgs: the address of something, a
// function, a string, a null constant, or a parameter of the caller passed
// on). The analysis (analysis/NullGuards.cpp) drops, per thread, what runs
// only for a value no call on that thread's paths passes.
//
// A parameter counts only when the function never assigns, increments or
// takes the address of it: its value at the test is its value at the call.
// Conditions are taken apart through '!', '&&' (true) and '||' (false);
// other conditions say nothing. An early return is an 'if' before the
// statement in an enclosing block whose branch ends in a 'return' (the other
// branch's test then holds); a label or a case between them ends the scan
// (a jump may enter there).
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "clang/AST/RecursiveASTVisitor.h"

#include <algorithm>

namespace parcheck {
namespace extract {

namespace {

void addGuard(std::vector<int> &Out, int G) {
  if (std::find(Out.begin(), Out.end(), G) == Out.end())
    Out.push_back(G);
}

} // namespace

int FunctionAnalyzer::unchangedPointerParam(const Expr *E) const {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenCasts() : nullptr);
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || !FD || P->getDeclContext() != FD || !P->getType()->isPointerType())
    return -1;
  if (!ChangedParams) {
    struct Finder : RecursiveASTVisitor<Finder> {
      llvm::DenseSet<const ParmVarDecl *> Out;
      void note(const Expr *E) {
        if (const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
          if (const auto *PV = dyn_cast<ParmVarDecl>(D->getDecl()))
            Out.insert(PV);
      }
      bool VisitBinaryOperator(BinaryOperator *B) {
        if (B->isAssignmentOp())
          note(B->getLHS());
        return true;
      }
      bool VisitUnaryOperator(UnaryOperator *U) {
        if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
          note(U->getSubExpr());
        return true;
      }
    } F;
    if (FD->getBody())
      F.TraverseStmt(FD->getBody());
    ChangedParams = std::move(F.Out);
  }
  if (ChangedParams->count(P))
    return -1;
  return int(P->getFunctionScopeIndex());
}

void FunctionAnalyzer::nullTests(const Expr *Cond, bool Value, std::vector<int> &Out) const {
  if (!Cond)
    return;
  const Expr *E = Cond->IgnoreParenImpCasts();
  auto Guard = [&](int PI, bool NonNull) {
    if (PI >= 0)
      addGuard(Out, NonNull ? PI + 1 : -(PI + 1));
  };
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() == UO_LNot)
      nullTests(U->getSubExpr(), !Value, Out);
    return;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    switch (B->getOpcode()) {
    case BO_LAnd:
      if (Value) {
        nullTests(B->getLHS(), true, Out);
        nullTests(B->getRHS(), true, Out);
      }
      return;
    case BO_LOr:
      if (!Value) {
        nullTests(B->getLHS(), false, Out);
        nullTests(B->getRHS(), false, Out);
      }
      return;
    case BO_EQ:
    case BO_NE: {
      auto IsNull = [&](const Expr *X) {
        return X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
               Expr::NPCK_NotNull;
      };
      const Expr *L = B->getLHS(), *R = B->getRHS();
      int PI = IsNull(R) ? unchangedPointerParam(L) : IsNull(L) ? unchangedPointerParam(R) : -1;
      Guard(PI, (B->getOpcode() == BO_NE) == Value);
      return;
    }
    default:
      return;
    }
  }
  Guard(unchangedPointerParam(E), Value);
}

const std::vector<std::vector<int>> &
FunctionAnalyzer::earlyReturnGuards(const CompoundStmt *CS) const {
  auto [It, New] = ReturnGuards.try_emplace(CS);
  std::vector<std::vector<int>> &G = It->second;
  if (!New)
    return G;
  G.assign(CS->size(), {});
  std::vector<int> Cur;
  unsigned I = 0;
  for (const Stmt *Child : CS->body()) {
    if (isa<LabelStmt>(Child) || isa<SwitchCase>(Child))
      Cur.clear(); // a jump may enter here, past the tests above
    G[I++] = Cur;
    if (const auto *If = dyn_cast<IfStmt>(Child)) {
      if (If->getInit() || If->getConditionVariable())
        continue;
      bool ThenLeaves = endsInJump(If->getThen(), false);
      bool ElseLeaves = If->getElse() && endsInJump(If->getElse(), false);
      if (ThenLeaves != ElseLeaves) {
        std::vector<int> T;
        nullTests(If->getCond(), ElseLeaves, T);
        for (int X : T)
          addGuard(Cur, X);
      }
    }
  }
  return G;
}

std::vector<int> FunctionAnalyzer::nullGuards(const Stmt *S) const {
  std::vector<int> Out;
  if (!FD)
    return Out;
  for (const Stmt *Cur = S, *P = parent(S); P; Cur = P, P = parent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (Cur == If->getThen())
        nullTests(If->getCond(), true, Out);
      else if (Cur == If->getElse())
        nullTests(If->getCond(), false, Out);
    } else if (const auto *B = dyn_cast<BinaryOperator>(P)) {
      if (Cur == B->getRHS() && B->getOpcode() == BO_LAnd)
        nullTests(B->getLHS(), true, Out);
      else if (Cur == B->getRHS() && B->getOpcode() == BO_LOr)
        nullTests(B->getLHS(), false, Out);
    } else if (const auto *C = dyn_cast<ConditionalOperator>(P)) {
      if (Cur == C->getTrueExpr())
        nullTests(C->getCond(), true, Out);
      else if (Cur == C->getFalseExpr())
        nullTests(C->getCond(), false, Out);
    } else if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
      const std::vector<std::vector<int>> &G = earlyReturnGuards(CS);
      unsigned I = 0;
      for (const Stmt *Child : CS->body()) {
        if (Child == Cur) {
          for (int X : G[I])
            addGuard(Out, X);
          break;
        }
        ++I;
      }
    } else if (isa<LambdaExpr>(P) || isa<BlockExpr>(P)) {
      break;
    }
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

int FunctionAnalyzer::argNullness(const Expr *A, llvm::ArrayRef<int> Guards) const {
  if (!A)
    return NullArgUnknown;
  if (A->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull)
    return NullArgNull;
  const Expr *E = A->IgnoreParenCasts();
  if (isa<StringLiteral>(E))
    return NullArgNonNull;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return NullArgNonNull;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<FunctionDecl>(DRE->getDecl()))
      return NullArgNonNull;
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->getType()->isArrayType())
      return NullArgNonNull;
  }
  int PI = unchangedPointerParam(E);
  if (PI < 0)
    return NullArgUnknown;
  if (std::binary_search(Guards.begin(), Guards.end(), PI + 1))
    return NullArgNonNull;
  if (std::binary_search(Guards.begin(), Guards.end(), -(PI + 1)))
    return NullArgNull;
  return PI;
}

void FunctionAnalyzer::noteNullArgs(const Stmt *S, llvm::ArrayRef<const Expr *> Args,
                                    CallFact &C) const {
  C.NullGuards = nullGuards(S);
  for (const Expr *A : Args)
    C.NullArgs.push_back(A && A->getType()->isPointerType() ? argNullness(A, C.NullGuards)
                                                          : NullArgUnknown);
  while (!C.NullArgs.empty() && C.NullArgs.back() == NullArgUnknown)
    C.NullArgs.pop_back();
}

} // namespace extract
} // namespace parcheck
