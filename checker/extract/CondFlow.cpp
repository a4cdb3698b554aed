//===- CondFlow.cpp - locks released under correlated conditions ----------===//
//
// 'lock(&l); if (!n) unlock(&l); work(); if (n) unlock(&l);' releases l on
// every path, though no single path-insensitive lock set says so: after the
// first test l is held on some paths only. The walk keeps, per point, the
// tested conditions that have one value on every path here (State::Conds)
// and, for a lock held on some paths only, the condition value it is held
// under (State::HeldIf), built where paths with opposite values of one
// condition join. A later test of the same condition splits it again: held on
// the branch of that value, not held on the other.
//
// A condition is tracked when it is a variable or a chain of members ('n',
// 'c->mod->needs_lock') with no call in it, and no local in it has its address
// taken. It is forgotten where the function assigns or increments a variable
// or member it reads, or declares such a local again (in a loop body).
// Callees are assumed not to change it (memcached's crawler passes
// '&active_crawler_mod' to the module's eval between its two tests of
// 'active_crawler_mod.mod->needs_lock'): a documented unsoundness, the
// price of not reporting every such pair.
//
// A call through another member of the tested object ('c->mod->eval(..)'
// between tests of 'c->mod->needs_lock') records the locks held under the
// test (CallFact::HeldIf, heldIfMember): the analysis holds them at the call
// of each function whose descriptors give the member that value.
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace parcheck {
namespace extract {

const ValueDecl *namedBy(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

namespace {

/// Locals whose address the function takes: a pointer may change them anywhere.
class AddressTaken : public RecursiveASTVisitor<AddressTaken> {
public:
  llvm::DenseSet<const Decl *> &Out;
  explicit AddressTaken(llvm::DenseSet<const Decl *> &Out) : Out(Out) {}
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->getOpcode() == UO_AddrOf)
      if (const auto *VD = dyn_cast_or_null<VarDecl>(namedBy(UO->getSubExpr()));
          VD && VD->isLocalVarDecl())
        Out.insert(VD);
    return true;
  }
};

/// Is the lock H held on every path of S (1), on none (0), or on some (-1)?
int heldIn(const State &S, const parcheck::Id &Id) {
  for (const HeldLock &H : S.Locks)
    if (H.Id == Id)
      return 1;
  return S.mayHold(Id) ? -1 : 0;
}

/// Does S say "Id is held exactly where condition Key has value V"?
bool heldUnder(const State &S, const Id &L, const std::string &Key, bool V) {
  switch (heldIn(S, L)) {
  case 1: {
    auto It = S.Conds.find(Key);
    return It != S.Conds.end() && It->second == V;
  }
  case 0: {
    auto It = S.Conds.find(Key);
    return It != S.Conds.end() && It->second != V;
  }
  default: {
    auto It = S.HeldIf.find(L);
    return It != S.HeldIf.end() && It->second == std::make_pair(Key, V);
  }
  }
}

} // namespace

void mergeConds(State &Dst, const State &Src) {
  std::map<Id, std::pair<std::string, bool>> HeldIf;
  std::set<Id> Ids;
  for (const HeldLock &H : Dst.May)
    Ids.insert(H.Id);
  for (const HeldLock &H : Src.May)
    Ids.insert(H.Id);
  for (const parcheck::Id &Id : Ids) {
    if (heldIn(Dst, Id) == 1 && heldIn(Src, Id) == 1)
      continue; // held on every path: the must-set says so
    // The candidate conditions: what either side says the lock is held under,
    // and every condition the two sides disagree on.
    std::vector<std::pair<std::string, bool>> Cands;
    for (const State *S : {static_cast<const State *>(&Dst), &Src}) {
      auto It = S->HeldIf.find(Id);
      if (It != S->HeldIf.end())
        Cands.push_back(It->second);
    }
    for (const auto &[K, V] : Dst.Conds) {
      auto It = Src.Conds.find(K);
      if (It != Src.Conds.end() && It->second != V) {
        Cands.push_back({K, V});
        Cands.push_back({K, !V});
      }
    }
    for (const auto &[K, V] : Cands)
      if (heldUnder(Dst, Id, K, V) && heldUnder(Src, Id, K, V)) {
        HeldIf[Id] = {K, V};
        break;
      }
  }
  Dst.HeldIf = std::move(HeldIf);
  for (auto It = Dst.Conds.begin(); It != Dst.Conds.end();) {
    auto S = Src.Conds.find(It->first);
    if (S == Src.Conds.end() || S->second != It->second)
      It = Dst.Conds.erase(It);
    else
      ++It;
  }
}

std::string FunctionAnalyzer::condKey(const Expr *E) {
  if (!Changed) {
    Changed.emplace();
    AddressTaken V(*Changed);
    V.TraverseStmt(FD->getBody());
  }
  std::vector<const Decl *> Decls;
  const Expr *X = E->IgnoreParenImpCasts();
  for (;;) {
    if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      Decls.push_back(ME->getMemberDecl());
      X = ME->getBase()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      if (!isa<VarDecl>(DRE->getDecl()))
        return "";
      Decls.push_back(DRE->getDecl());
      break;
    }
    if (isa<CXXThisExpr>(X))
      break;
    return ""; // a call, an index, arithmetic: not tracked
  }
  for (const Decl *D : Decls)
    if (Changed->count(D))
      return "";
  std::string S;
  llvm::raw_string_ostream OS(S);
  E->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
  for (const Decl *D : Decls)
    CondDecls[D].insert(S);
  return S;
}

void FunctionAnalyzer::refineCorrelated(const Expr *E, bool TrueMeansTruthy,
                                        std::vector<State> &Succ) {
  std::string K = condKey(E);
  if (K.empty())
    return;
  for (unsigned I = 0; I < 2; ++I) {
    State &S = Succ[I];
    if (!S.Reached)
      continue;
    bool V = (I == 0) == TrueMeansTruthy;
    S.Conds[K] = V;
    std::map<Id, std::pair<std::string, bool>> Split;
    for (const auto &[Id, C] : S.HeldIf)
      if (C.first == K)
        Split[Id] = C;
    for (const auto &[Id, C] : Split) {
      if (C.second != V) {
        S.remove(Id);
        continue;
      }
      for (const HeldLock &H : S.May)
        if (H.Id == Id) {
          HeldLock Copy = H;
          S.add(Copy);
          break;
        }
    }
  }
}

std::vector<std::tuple<HeldLock, std::string, bool>>
FunctionAnalyzer::heldIfMember(const State &St, const Expr *Callee) {
  std::vector<std::tuple<HeldLock, std::string, bool>> Out;
  if (St.HeldIf.empty())
    return Out;
  const MemberExpr *ME = calleeMember(Callee);
  const auto *Fn = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!Fn)
    return Out;
  // The condition's key is its spelling (condKey): the callee's base,
  // then the member.
  std::string Base = condKey(ME->getBase()->IgnoreParenImpCasts());
  if (Base.empty())
    return Out;
  Base += ME->isArrow() ? "->" : ".";
  for (const auto &[L, C] : St.HeldIf) {
    const auto &[Key, V] = C;
    if (!llvm::StringRef(Key).starts_with(Base))
      continue;
    llvm::StringRef Member = llvm::StringRef(Key).drop_front(Base.size());
    for (const FieldDecl *G : Fn->getParent()->fields())
      if (G != Fn && G->getName() == Member)
        for (const HeldLock &H : St.May)
          if (H.Id == L)
            Out.push_back({H, memberFieldName(G), V});
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

void FunctionAnalyzer::forgetConds(State &St, const Stmt *S) {
  if (CondDecls.empty() || (St.Conds.empty() && St.HeldIf.empty()))
    return;
  llvm::SmallVector<const Decl *, 2> Ds;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      Ds.push_back(D);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp()) {
    Ds.push_back(namedBy(BO->getLHS()));
  } else if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp()) {
    Ds.push_back(namedBy(UO->getSubExpr()));
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
             OC && OC->isAssignmentOp() && OC->getNumArgs() > 0) {
    Ds.push_back(namedBy(OC->getArg(0)));
  }
  for (const Decl *D : Ds) {
    auto It = D ? CondDecls.find(D) : CondDecls.end();
    if (It == CondDecls.end())
      continue;
    for (const std::string &K : It->second) {
      St.Conds.erase(K);
      for (auto H = St.HeldIf.begin(); H != St.HeldIf.end();)
        H = H->second.first == K ? St.HeldIf.erase(H) : std::next(H);
    }
  }
}

} // namespace extract
} // namespace parcheck
