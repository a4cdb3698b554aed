//===- Cuts.cpp - calls on every path: Always and naming cuts -------------===//
//
// Two facts about where a call lies on the function's paths, for counted
// completions (analysis/JobDispatch.cpp):
//   * CallFact::Always: the call is on every path from the entry to the exit
//     ('goto cleanup' paths that all reach the label's call included; a path
//     that ends in a noreturn call reaches no exit).
//   * FunctionFacts::NamingCuts: for a call N that names a function value
//     (the job handed to a pool) and a call W of a program function, the
//     accesses and calls that N reaches only through W. In
//     'for (..) { init(&ctx); for (..) pool_add(p, job, d); wait_all(&b); }'
//     the next iteration's init is reached from pool_add only through
//     wait_all.
// Positions are the emit pass's (block, element): within a block, element
// order is the order of evaluation. Only calls of program functions are
// judged (a library call is never a completion signal or wait), and only
// cut calls that may wait on a condition variable (waits: the body in this
// TU waits, or is in another TU).
//   * Entry cuts (NamingCut::Entry as the naming call): the points every path
//     from the entry reaches only through a call whose body in this TU waits
//     ('destroy(b) { if (!b) return; wait_all(b); free(b->dict); }').
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"
#include "extract/LockModel.h"

#include "llvm/ADT/BitVector.h"

namespace parcheck {
namespace extract {

namespace {
/// What one definition's body shows about waiting: a condition wait itself,
/// a call of a program function defined in another TU, and the callees
/// defined in this TU (TUContext::WaitScans, scanned once).
const TUContext::WaitScan &scanWaits(const FunctionDecl *Def, TUContext &TU) {
  auto [It, New] = TU.WaitScans.try_emplace(Def);
  if (!New)
    return It->second;
  TUContext::WaitScan S;
  forEachStmt(Def->getBody(), [&](const Stmt *X) {
    // A wait, a barrier wait and a callee are all calls (member calls too).
    const auto *CE = dyn_cast<CallExpr>(X);
    if (!CE)
      return true;
    LockAction A = classifyLockCall(CE).Action;
    if (A == LockAction::Wait || A == LockAction::GuardWait)
      S.Direct = true;
    if (isBarrierWait(CE))
      S.Barrier = true;
    if (const FunctionDecl *C = CE->getDirectCallee(); C && !isLibraryFunction(C, TU)) {
      const FunctionDecl *CDef = nullptr;
      if (C->hasBody(CDef) && CDef)
        S.Callees.push_back(CDef);
      else
        S.Unseen = true;
    }
    return true;
  });
  return TU.WaitScans[Def] = std::move(S); // the map may have grown meanwhile
}

/// May a call of F wait on a condition variable? Its body here, or that of a
/// function it calls, does; or (Unseen) F, or such a callee, is a program
/// function whose body another TU has. A library function never counts (it
/// is no completion wait of ours). Memo: per definition, TUContext::MayWait
/// or WaitsHere. An iterative search: call chains are as deep as programs
/// make them (a 50,000-function chain), and each definition is searched
/// from once: a search that finds no wait settles every function it saw.
bool waits(const FunctionDecl *F, TUContext &TU, llvm::DenseMap<const FunctionDecl *, bool> &Memo,
           bool Unseen, bool TUContext::WaitScan::*Direct = &TUContext::WaitScan::Direct) {
  if (!F || isLibraryFunction(F, TU))
    return false;
  const FunctionDecl *Def = nullptr;
  if (!F->hasBody(Def) || !Def)
    return Unseen;
  if (auto M = Memo.find(Def); M != Memo.end())
    return M->second;
  std::vector<std::pair<const FunctionDecl *, size_t>> Path{{Def, 0}}; // node, next callee
  llvm::DenseSet<const FunctionDecl *> Seen{Def};
  bool Found = false;
  while (!Path.empty() && !Found) {
    const FunctionDecl *N = Path.back().first;
    size_t I = Path.back().second++;
    const TUContext::WaitScan &S = scanWaits(N, TU);
    if (I == 0 && (S.*Direct || (Unseen && S.Unseen))) {
      Found = true;
    } else if (I < S.Callees.size()) {
      const FunctionDecl *C = S.Callees[I];
      if (auto M = Memo.find(C); M != Memo.end())
        Found = M->second;
      else if (Seen.insert(C).second)
        Path.push_back({C, 0});
    } else {
      Path.pop_back();
    }
  }
  if (Found) // each function on the path reaches the wait
    for (const auto &[N, I] : Path)
      Memo[N] = true;
  else
    for (const FunctionDecl *N : Seen)
      Memo[N] = false;
  return Found;
}
} // namespace

bool waitsOnBarrier(const FunctionDecl *F, TUContext &TU) {
  return waits(F, TU, TU.BarrierHere, false, &TUContext::WaitScan::Barrier);
}

std::vector<const CFGBlock *> blocksById(const CFG &Cfg) {
  std::vector<const CFGBlock *> ById(Cfg.getNumBlockIDs(), nullptr);
  for (const CFGBlock *B : Cfg)
    ById[B->getBlockID()] = B;
  return ById;
}

llvm::BitVector reachedFrom(const std::vector<const CFGBlock *> &ById, unsigned From,
                            unsigned Avoid) {
  llvm::BitVector Seen(ById.size());
  std::vector<unsigned> Todo{From};
  while (!Todo.empty()) {
    const CFGBlock *B = ById[Todo.back()];
    Todo.pop_back();
    if (!B || B->hasNoReturnElement())
      continue;
    for (const CFGBlock::AdjacentBlock &A : B->succs())
      if (const CFGBlock *S = A.getReachableBlock(); S && !Seen.test(S->getBlockID())) {
        Seen.set(S->getBlockID());
        if (S->getBlockID() != Avoid)
          Todo.push_back(S->getBlockID());
      }
  }
  return Seen;
}

llvm::BitVector reachingExitAvoiding(const CFG &Cfg, const std::vector<const CFGBlock *> &ById,
                                     unsigned Avoid) {
  // The edges reachedFrom follows, backwards: a block's reachable
  // predecessors are the blocks that list it as a reachable successor (the
  // CFG records both sides), less the noreturn ones (reachedFrom leaves them
  // by no edge). A block is marked when a successor leads to the exit: the
  // exit itself, or a marked block other than Avoid (reachedFrom enters
  // Avoid but does not go on from it).
  llvm::BitVector Marked(ById.size());
  std::vector<const CFGBlock *> Todo{&Cfg.getExit()};
  while (!Todo.empty()) {
    const CFGBlock *N = Todo.back();
    Todo.pop_back();
    for (const CFGBlock::AdjacentBlock &A : N->preds()) {
      const CFGBlock *P = A.getReachableBlock();
      if (!P || P->hasNoReturnElement() || Marked.test(P->getBlockID()))
        continue;
      Marked.set(P->getBlockID());
      if (P->getBlockID() != Avoid)
        Todo.push_back(P);
    }
  }
  return Marked;
}

void FunctionAnalyzer::recordCuts() {
  const std::vector<const CFGBlock *> ById = blocksById();
  auto Valid = [&](const CfgPos &P) { return P.Block < ById.size() && ById[P.Block]; };
  auto Reach = [&](unsigned From, unsigned Avoid) { return reachedFrom(ById, From, Avoid); };
  // The function the call at P calls, if a program function.
  auto ProgramCallee = [&](const CfgPos &P) -> const FunctionDecl * {
    if (!Valid(P) || P.Elem >= ById[P.Block]->size())
      return nullptr;
    auto CS = (*(ById[P.Block]->begin() + P.Elem)).getAs<CFGStmt>();
    const FunctionDecl *F = CS ? callSite(CS->getStmt()).Callee : nullptr;
    return F && !isLibraryFunction(F, TU) ? F : nullptr;
  };
  std::vector<const FunctionDecl *> Callee(Out.Calls.size(), nullptr);
  for (size_t I = 0; I < Out.Calls.size() && I < CallPos.size(); ++I)
    Callee[I] = ProgramCallee(CallPos[I]);

  // Always: the exit is reached from the entry, and not avoiding the block.
  const unsigned EntryId = Cfg->getEntry().getBlockID(), ExitId = Cfg->getExit().getBlockID();
  llvm::BitVector FromEntry = Reach(EntryId, ~0u);
  if (FromEntry.test(ExitId)) {
    std::map<unsigned, bool> OnEveryPath; // per block
    for (size_t I = 0; I < Out.Calls.size(); ++I) {
      if (!Callee[I] || !FromEntry.test(CallPos[I].Block))
        continue;
      auto [It, New] = OnEveryPath.try_emplace(CallPos[I].Block, false);
      if (New)
        It->second = !Reach(EntryId, CallPos[I].Block).test(ExitId);
      Out.Calls[I].Always = It->second;
    }
  }

  // The points reached from From (a call's position, or the entry) only
  // through a call W of Waits; W: a call naming no function value itself (a
  // wait for the jobs hands none over).
  auto CutsFrom = [&](unsigned Naming, const CfgPos &NP, auto Waits) {
    const llvm::BitVector All = Reach(NP.Block, ~0u);
    // Is X reached from NP without passing W (W.Block ~0u: passing anything)?
    // R: the blocks reached from NP's block avoiding W's.
    auto Reached = [&](const CfgPos &X, const CfgPos &W, const llvm::BitVector &R) {
      if (!Valid(X))
        return false;
      bool WAfterN = W.Block == NP.Block && W.Elem > NP.Elem;
      if (X.Block == NP.Block && X.Elem > NP.Elem && !(WAfterN && W.Elem < X.Elem))
        return true; // straight on in NP's block
      if (WAfterN)
        return false; // every way out of NP's block passes W
      return R.test(X.Block) && (X.Block != W.Block || X.Elem < W.Elem);
    };
    std::map<unsigned, llvm::BitVector> Avoiding; // per W block
    for (size_t W = 0; W < Out.Calls.size(); ++W) {
      if (W == Naming || !Out.Calls[W].FnArgs.empty() || !Waits(Callee[W]))
        continue;
      const CfgPos WP = CallPos[W];
      if (!Reached(WP, CfgPos(), All))
        continue;
      auto Slot = Avoiding.try_emplace(WP.Block);
      if (Slot.second) // W in NP's block before NP: entering the block passes W
        Slot.first->second = Reach(NP.Block, WP.Block);
      const llvm::BitVector &R = Slot.first->second;
      FunctionFacts::NamingCut Cut;
      Cut.Naming = Naming;
      Cut.Cut = unsigned(W);
      auto IsCut = [&](const CfgPos &X) {
        return Reached(X, CfgPos(), All) && !Reached(X, WP, R);
      };
      for (size_t X = 0; X < AccessPos.size() && X < Out.Accesses.size(); ++X)
        if (IsCut(AccessPos[X]))
          Cut.Accesses.push_back(unsigned(X));
      for (size_t X = 0; X < CallPos.size() && X < Out.Calls.size(); ++X)
        if (X != Naming && X != W && IsCut(CallPos[X]))
          Cut.Calls.push_back(unsigned(X));
      if (!Cut.Accesses.empty() || !Cut.Calls.empty())
        Out.NamingCuts.push_back(std::move(Cut));
    }
  };
  // Naming cuts: cut calls that may wait.
  for (size_t N = 0; N < Out.Calls.size(); ++N)
    if (!Out.Calls[N].FnArgs.empty() && N < CallPos.size() && Valid(CallPos[N]))
      CutsFrom(unsigned(N), CallPos[N],
               [&](const FunctionDecl *F) { return waits(F, TU, TU.MayWait, true); });
  // Entry cuts: points every path to passes a call whose body in this TU
  // waits ('destroy(b) { if (!b) return; wait(b); free(b->dict); }').
  CutsFrom(FunctionFacts::NamingCut::Entry, CfgPos{EntryId, 0},
           [&](const FunctionDecl *F) { return waits(F, TU, TU.WaitsHere, false); });
}

} // namespace extract
} // namespace parcheck
