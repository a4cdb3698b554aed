//===- StateArms.cpp - the facts of state machines on an object's member --===//
//
// An event-loop callback often drives a state machine on the object it is
// handed: memcached's drive_machine(c) runs 'switch (c->state)', and the
// listening connection that main's loop hands it only ever runs the
// 'conn_listening' arm. The analysis (analysis/StateArms.cpp) finds which
// values the member can hold for the objects of each loop; this file records
// what it needs, per function (Facts.h):
//   StateArm    the top-level statements of a 'switch (p->m)' on a parameter
//               p the function never reassigns, each with the case labels
//               that reach it (fall-through included). A statement reached
//               by 'default:' or a case range, a switch whose labels are not
//               all at the top of its body (Duff's device), and code before
//               the first label are not recorded (they run for any value).
//   StateWrite  'x->m = v' with its value: a constant, a parameter, another
//               member's value; any other write of m ('x->m++', '&x->m',
//               '+=') has an Unknown value.
//   ValueCall   a direct call with its enum-typed and event-base arguments,
//               and the parameters its other arguments name.
//   ValueGuard  on each write and call, the tests that hold there: an
//               enclosing 'if' whose taken branch holds 'p->m == C',
//               'p == C' (p an enum parameter), or their negation ('!=', '!',
//               the operands of '&&' in the then-branch and of '||' in the
//               else-branch), p a parameter never reassigned and C a
//               constant. Other conditions, and the tests an early 'return'
//               leaves, are not recorded.
// Only enum-typed members and parameters are followed: a state machine's
// states are an enumeration (Known limit: one kept in an 'int' is not seen).
//
//===----------------------------------------------------------------------===//
#include "extract/ExtractContext.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace parcheck {
namespace extract {

namespace {

bool isEnumType(QualType T) { return T.getCanonicalType()->isEnumeralType(); }

/// "Rec::f" for an enum-typed member of a named record; "" otherwise.
std::string stateField(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  if (!ME)
    return {};
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD || !isEnumType(FD->getType()) || !FD->getParent()->getIdentifier())
    return {};
  return FD->getParent()->getQualifiedNameAsString() + "::" + FD->getNameAsString();
}

class StateCollector : public RecursiveASTVisitor<StateCollector> {
public:
  StateCollector(TUContext &TU, const FunctionDecl *FD, FunctionFacts &Out)
      : TU(TU), FD(FD), Out(Out) {}

  void run() {
    Reassigned = reassignedParams(FD->getBody());
    TraverseStmt(FD->getBody());
  }

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // another function's code

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!BO->isAssignmentOp())
      return true;
    std::string F = stateField(BO->getLHS());
    if (!F.empty())
      Out.StateWrites.push_back({F, BO->getOpcode() == BO_Assign ? valueOf(BO->getRHS()) : ValueSrc(),
                                 TU.loc(BO->getOperatorLoc()), objectOf(BO->getLHS()), Guards});
    return true;
  }

  bool TraverseIfStmt(IfStmt *S) {
    if (S->getInit() && !TraverseStmt(S->getInit()))
      return false;
    if (S->getConditionVariableDeclStmt() && !TraverseStmt(S->getConditionVariableDeclStmt()))
      return false;
    if (!TraverseStmt(S->getCond()))
      return false;
    size_t N = Guards.size();
    for (bool Then : {true, false}) {
      Stmt *Branch = Then ? S->getThen() : S->getElse();
      if (!Branch)
        continue;
      if (!S->getConditionVariable() && !S->isConsteval())
        tests(S->getCond(), Then);
      bool Ok = TraverseStmt(Branch);
      Guards.resize(N);
      if (!Ok)
        return false;
    }
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (!UO->isIncrementDecrementOp() && UO->getOpcode() != UO_AddrOf)
      return true;
    std::string F = stateField(UO->getSubExpr());
    if (!F.empty())
      Out.StateWrites.push_back(
          {F, ValueSrc(), TU.loc(UO->getOperatorLoc()), objectOf(UO->getSubExpr()), Guards});
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || TU.inSystem(Callee->getLocation()))
      return true;
    ValueCall C;
    bool Any = false;
    for (unsigned I = 0; I < CE->getNumArgs() && I < Callee->getNumParams(); ++I) {
      QualType T = Callee->getParamDecl(I)->getType();
      C.Objs.push_back(paramOf(CE->getArg(I)));
      if (!isEnumType(T) && !isEventBaseType(T)) {
        C.Args.emplace_back();
        continue;
      }
      Any = true;
      C.Args.push_back(valueOf(CE->getArg(I)));
    }
    if (!Any)
      return true;
    while (!C.Args.empty() && C.Args.back().K == ValueSrc::Unknown)
      C.Args.pop_back();
    while (!C.Objs.empty() && C.Objs.back() < 0)
      C.Objs.pop_back();
    C.Guards = Guards;
    C.Callee = usrOf(Callee);
    C.Where = TU.loc(CE->getBeginLoc());
    if (!C.Callee.empty())
      Out.ValueCalls.push_back(std::move(C));
    return true;
  }

  bool VisitSwitchStmt(SwitchStmt *S) {
    recordArms(S);
    return true;
  }

private:
  TUContext &TU;
  const FunctionDecl *FD;
  FunctionFacts &Out;
  llvm::DenseSet<const ParmVarDecl *> Reassigned;
  std::vector<ValueGuard> Guards; ///< the tests that hold where the traversal is

  /// The parameter whose member 'p->m' E is, or -1.
  int objectOf(const Expr *E) const {
    const auto *ME = dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    return ME && ME->isArrow() ? paramOf(ME->getBase()) : -1;
  }

  /// Adds to Guards the tests that hold when Cond is Truth.
  void tests(const Expr *Cond, bool Truth) {
    const Expr *E = Cond->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_LNot)
        tests(UO->getSubExpr(), !Truth);
      return;
    }
    const auto *BO = dyn_cast<BinaryOperator>(E);
    if (!BO)
      return;
    if ((BO->getOpcode() == BO_LAnd && Truth) || (BO->getOpcode() == BO_LOr && !Truth)) {
      tests(BO->getLHS(), Truth);
      tests(BO->getRHS(), Truth);
      return;
    }
    if (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE)
      return;
    for (int Side = 0; Side < 2; ++Side) {
      const Expr *X = (Side ? BO->getRHS() : BO->getLHS())->IgnoreParenImpCasts();
      const Expr *K = (Side ? BO->getLHS() : BO->getRHS())->IgnoreParenImpCasts();
      std::optional<int64_t> C = intConstant(K, TU.Ctx);
      if (!C)
        continue;
      ValueGuard G;
      G.C = *C;
      G.Eq = (BO->getOpcode() == BO_EQ) == Truth;
      if (std::string F = stateField(X); !F.empty()) {
        G.Field = F;
        G.Param = objectOf(X);
      } else if (isEnumType(X->getType())) {
        G.Param = paramOf(X);
      }
      if (G.Param >= 0)
        Guards.push_back(std::move(G));
      return;
    }
  }

  /// The index of the parameter E names, when the function never reassigns it.
  int paramOf(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
    const auto *PV = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!PV || Reassigned.count(PV))
      return -1;
    for (unsigned I = 0; I < FD->getNumParams(); ++I)
      if (FD->getParamDecl(I) == PV)
        return int(I);
    return -1;
  }

  ValueSrc valueOf(const Expr *E) {
    ValueSrc V;
    if (!E)
      return V;
    if (isEventBaseType(E->getType())) {
      Id Slot = eventObjectSlot(E);
      if (!Slot.empty()) {
        V.K = ValueSrc::Base;
        V.Name = Slot.str();
      }
      return V;
    }
    const Expr *X = E->IgnoreParenCasts();
    if (std::optional<int64_t> C = intConstant(X, TU.Ctx)) {
      V.K = ValueSrc::Const;
      V.C = *C;
    } else if (int P = paramOf(X); P >= 0) {
      V.K = ValueSrc::Param;
      V.Index = P;
    } else if (std::string F = stateField(X); !F.empty()) {
      V.K = ValueSrc::Field;
      V.Name = F;
    }
    return V;
  }

  void recordArms(const SwitchStmt *S) {
    const auto *ME = dyn_cast<MemberExpr>(S->getCond()->IgnoreParenImpCasts());
    std::string Field = stateField(ME);
    const auto *Body = dyn_cast_or_null<CompoundStmt>(S->getBody());
    if (Field.empty() || !ME->isArrow() || !Body)
      return;
    int Param = paramOf(ME->getBase());
    if (Param < 0)
      return;
    unsigned Labels = 0, Seen = 0;
    for (const SwitchCase *SC = S->getSwitchCaseList(); SC; SC = SC->getNextSwitchCase())
      ++Labels;
    std::set<long long> Active;
    bool Any = false; // a 'default:' or a case range reaches here
    std::vector<StateArm> Arms;
    for (const Stmt *Top : Body->body()) {
      const Stmt *Inner = Top;
      while (const auto *SC = dyn_cast<SwitchCase>(Inner)) {
        ++Seen;
        const auto *CS = dyn_cast<CaseStmt>(SC);
        Expr::EvalResult R;
        if (CS && !CS->caseStmtIsGNURange() && CS->getLHS()->EvaluateAsInt(R, TU.Ctx))
          Active.insert(R.Val.getInt().getExtValue());
        else
          Any = true;
        Inner = SC->getSubStmt();
      }
      if (!Active.empty() && !Any)
        Arms.push_back({TU.loc(Top->getBeginLoc()), TU.loc(Top->getEndLoc()), Param, Field,
                        std::vector<long long>(Active.begin(), Active.end())});
      if (isa<BreakStmt>(Inner) || isa<ReturnStmt>(Inner) || isa<ContinueStmt>(Inner) ||
          isa<GotoStmt>(Inner)) {
        Active.clear();
        Any = false;
      }
    }
    if (Seen != Labels) // a label below the top of the body: arms unknown
      return;
    Out.StateArms.insert(Out.StateArms.end(), Arms.begin(), Arms.end());
  }
};

} // namespace

void collectStateFacts(TUContext &TU, const FunctionDecl *FD, FunctionFacts &Out) {
  if (!FD->getBody())
    return;
  StateCollector(TU, FD, Out).run();
}

} // namespace extract
} // namespace parcheck
