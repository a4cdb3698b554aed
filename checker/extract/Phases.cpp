//===- Phases.cpp - where accesses lie between barrier waits ---------------===//
//
// Facts for barrier phases (the analysis and what it assumes are in
// analysis/Phases.cpp). For a function that waits on a reusable barrier, or
// calls a function of its TU that may, the walk records its events (the
// barrier waits, and the calls that may wait on one: a function of this TU
// that does, one whose body is in another TU, a call through a function
// value) and, for each access, event, the entry and the exit, the events
// that may come last before it and first after it on a path through the
// function (a may-analysis over the CFG, forwards and backwards). A library
// call other than the wait is no event; neither is a call of a function of
// this TU that never waits on a barrier.
//
// FunctionFacts::Phases keeps the waits (with their barriers) and every call
// of a program function (by place, with the tokens around it: the analysis
// crosses into the callee's callers through them), marking those that are
// events; AccessFact::PhasePrev/PhaseNext the access's. Token -1 is the entry
// (before) or the exit (after).
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "llvm/ADT/BitVector.h"

#include <algorithm>
#include <map>

namespace parcheck {
namespace extract {

bool isBarrierWait(const Stmt *S) {
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    return M && M->getIdentifier() && M->getName() == "arrive_and_wait" && Obj &&
           recordName(strip(Obj)->getType()) == "std::barrier";
  }
  const auto *CE = dyn_cast_or_null<CallExpr>(S);
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  return F && F->getIdentifier() && F->getName() == "pthread_barrier_wait" &&
         CE->getNumArgs() == 1;
}

namespace {

/// The events of one function's CFG, by position (a token: -2 none), and the
/// tokens that may come last before, and first after, each point.
///
/// An event replaces whatever came before it (after it, walking backwards),
/// so inside a block only the nearest event counts: each block keeps its
/// events' element indexes in order, and a point's tokens are one binary
/// search away (a function of N calls in one block asks about N points, so
/// a walk from the block's start per point would cost N^2).
///
/// A set of tokens is a bit vector over -1 .. the largest token (bit t + 1):
/// a function calling other TUs' functions has a token per call, and the
/// flow unites its blocks' sets until nothing changes (as std::set, 8% of
/// the facts step of memcached.c went to these unions).
class PhaseFlow {
public:
  using Tokens = llvm::BitVector;
  PhaseFlow(const CFG &Cfg, const std::vector<const CFGBlock *> &ById,
            const std::map<std::pair<unsigned, unsigned>, int> &TokenAt)
      : Cfg(Cfg), ById(ById), EventsIn(Cfg.getNumBlockIDs()) {
    int Max = -1;
    // TokenAt is ordered by (block, element): each block's list comes sorted.
    for (const auto &[Pos, Token] : TokenAt) {
      if (Token != -2 && Pos.first < EventsIn.size())
        EventsIn[Pos.first].push_back({Pos.second, Token});
      Max = std::max(Max, Token);
    }
    Bits = unsigned(Max + 2);
    Before.assign(Cfg.getNumBlockIDs(), Tokens(Bits));
    After.assign(Cfg.getNumBlockIDs(), Tokens(Bits));
    forwards();
    backwards();
  }

  /// The tokens before (Prev) or after element Elem of block Block.
  std::vector<int> at(unsigned Block, unsigned Elem, bool Prev) const {
    const CFGBlock *B = Block < ById.size() ? ById[Block] : nullptr;
    if (!B)
      return {-1};
    const std::vector<std::pair<unsigned, int>> &Ev = EventsIn[Block];
    unsigned Size = unsigned(B->size());
    if (Prev) {
      // The last event at an element before Elem.
      auto It = std::lower_bound(Ev.begin(), Ev.end(), std::min(Elem, Size), ByElem());
      return It == Ev.begin() ? list(Before[Block]) : std::vector<int>{std::prev(It)->second};
    }
    // The first event at an element after Elem (and inside the block).
    auto It = std::upper_bound(Ev.begin(), Ev.end(), Elem, ByElem());
    if (It != Ev.end() && It->first < Size)
      return {It->second};
    return list(afterBlock(B));
  }
  std::vector<int> entryNext() const { return list(After[Cfg.getEntry().getBlockID()]); }
  std::vector<int> exitPrev() const { return list(Before[Cfg.getExit().getBlockID()]); }

private:
  const CFG &Cfg;
  const std::vector<const CFGBlock *> &ById;
  unsigned Bits = 1; // tokens -1 .. Bits - 2
  /// Per block: (element, token) of its events, by element.
  std::vector<std::vector<std::pair<unsigned, int>>> EventsIn;
  /// The tokens last before each block's start, and first after its start.
  std::vector<Tokens> Before, After;

  struct ByElem {
    bool operator()(const std::pair<unsigned, int> &E, unsigned I) const { return E.first < I; }
    bool operator()(unsigned I, const std::pair<unsigned, int> &E) const { return I < E.first; }
  };
  /// The tokens of T, in increasing order.
  static std::vector<int> list(const Tokens &T) {
    std::vector<int> L;
    for (unsigned B : T.set_bits())
      L.push_back(int(B) - 1);
    return L;
  }
  Tokens one(int Token) const {
    Tokens T(Bits);
    T.set(unsigned(Token + 1));
    return T;
  }
  /// The events of B inside its elements (a position past them is none).
  llvm::ArrayRef<std::pair<unsigned, int>> eventsOf(const CFGBlock *B) const {
    const std::vector<std::pair<unsigned, int>> &Ev = EventsIn[B->getBlockID()];
    auto End = std::lower_bound(Ev.begin(), Ev.end(), unsigned(B->size()), ByElem());
    return llvm::ArrayRef(Ev.data(), size_t(End - Ev.begin()));
  }
  Tokens afterBlock(const CFGBlock *B) const {
    Tokens Cur(Bits);
    afterBlockInto(B, Cur);
    return Cur;
  }
  void afterBlockInto(const CFGBlock *B, Tokens &Cur) const {
    for (const CFGBlock::AdjacentBlock &A : B->succs())
      if (const CFGBlock *S = A.getReachableBlock())
        Cur |= After[S->getBlockID()];
  }
  void forwards() {
    std::vector<bool> Seen(Before.size(), false);
    Tokens Last(Bits);
    Before[Cfg.getEntry().getBlockID()] = one(-1);
    Seen[Cfg.getEntry().getBlockID()] = true;
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const CFGBlock *B : Cfg) {
        if (!Seen[B->getBlockID()])
          continue;
        llvm::ArrayRef<std::pair<unsigned, int>> Ev = eventsOf(B);
        // What leaves B: its last event, or what entered it (not copied; a
        // block that is its own successor unites its set with itself).
        if (!Ev.empty())
          Last = one(Ev.back().second);
        const Tokens &Cur = Ev.empty() ? Before[B->getBlockID()] : Last;
        for (const CFGBlock::AdjacentBlock &A : B->succs())
          if (const CFGBlock *S = A.getReachableBlock()) {
            Tokens &In = Before[S->getBlockID()];
            bool Grows = Cur.test(In); // a token of Cur not in In yet
            In |= Cur;
            Changed = Changed || !Seen[S->getBlockID()] || Grows;
            Seen[S->getBlockID()] = true;
          }
      }
    }
  }
  void backwards() {
    After[Cfg.getExit().getBlockID()] = one(-1);
    Tokens Cur(Bits);
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const CFGBlock *B : Cfg) {
        if (B == &Cfg.getExit())
          continue;
        llvm::ArrayRef<std::pair<unsigned, int>> Ev = eventsOf(B);
        // What is first after B's start, into Cur (reused: after a swap it
        // holds B's old set, of the same size).
        Cur.reset();
        if (Ev.empty())
          afterBlockInto(B, Cur);
        else
          Cur.set(unsigned(Ev.front().second + 1));
        if (Cur != After[B->getBlockID()]) {
          std::swap(Cur, After[B->getBlockID()]);
          Changed = true;
        }
      }
    }
  }
};

} // namespace

void FunctionAnalyzer::recordPhases() {
  // The events, by CFG position: a wait (its barrier) or a call of a program
  // function (Token: it may wait).
  struct Event {
    bool Wait;
    Id Barrier;
    SrcLoc Where;
    bool Token = true;
    std::pair<unsigned, unsigned> Pos;
    const Stmt *S = nullptr;
  };
  std::vector<Event> Events;
  bool Any = false;       // a wait, or a call of a function of this TU that waits
  bool AnyUnseen = false; // a call of a body in another TU, or through a value
  for (const CFGBlock *B : *Cfg) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      const Stmt *S = CS ? CS->getStmt() : nullptr;
      std::pair<unsigned, unsigned> Pos{B->getBlockID(), I++};
      if (!isa_and_nonnull<CallExpr>(S))
        continue;
      if (isBarrierWait(S)) {
        const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
        const Expr *X = strip(MC ? MC->getImplicitObjectArgument() : cast<CallExpr>(S)->getArg(0));
        if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
          X = strip(UO->getSubExpr());
        HeldLock H = X ? lockOf(X, X->getBeginLoc()) : HeldLock();
        Events.push_back({true, H.Id, TU.loc(S->getBeginLoc()), true, Pos, S});
        Any = true;
        continue;
      }
      CallSite Site = callSite(S);
      if (Site.Callee && isLibraryFunction(Site.Callee, TU))
        continue;
      bool Here = Site.Callee && waitsOnBarrier(Site.Callee, TU);
      const FunctionDecl *Def = nullptr;
      bool Unseen = !Site.Callee || !Site.Callee->hasBody(Def) || !Def;
      Events.push_back({false, Id(), TU.loc(Site.At), Here || Unseen, Pos, S});
      Any = Any || Here;
      AnyUnseen = AnyUnseen || Unseen;
    }
  }
  // A function that calls functions of other TUs (or through values) may
  // wait on a barrier through them: the analysis decides, with the whole
  // program.
  if (!Any && !AnyUnseen)
    return;
  // Tokens: the waits first, then the calls (a call that cannot wait is no
  // event: only its place is kept).
  int NumWaits = 0, NextWait = 0, NextCall = 0;
  for (const Event &Ev : Events)
    NumWaits += Ev.Wait;
  std::map<std::pair<unsigned, unsigned>, int> TokenAt;
  for (const Event &Ev : Events) {
    int T = Ev.Wait ? NextWait++ : NumWaits + NextCall++;
    TokenAt[Ev.Pos] = Ev.Token ? T : -2;
  }
  const std::vector<const CFGBlock *> ById = blocksById();
  PhaseFlow Flow(*Cfg, ById, TokenAt);
  FunctionFacts::PhaseFacts &Ph = Out.Phases;
  Ph = FunctionFacts::PhaseFacts();
  llvm::DenseMap<const Stmt *, int> WaitIndex;
  for (const Event &Ev : Events)
    if (Ev.Wait) {
      WaitIndex[Ev.S] = int(Ph.Waits.size());
      Ph.Waits.push_back(Ev.Barrier);
    }
  for (const Event &Ev : Events)
    if (!Ev.Wait)
      Ph.Calls.push_back({Ev.Where, ThinVec<int>(Flow.at(Ev.Pos.first, Ev.Pos.second, true)),
                          ThinVec<int>(Flow.at(Ev.Pos.first, Ev.Pos.second, false)), Ev.Token});
  Ph.EntryNext = Flow.entryNext();
  Ph.ExitPrev = Flow.exitPrev();
  for (size_t X = 0; X < Out.Accesses.size() && X < AccessPos.size(); ++X) {
    if (AccessPos[X].Block == ~0u)
      continue;
    Out.Accesses[X].PhasePrev = Flow.at(AccessPos[X].Block, AccessPos[X].Elem, true);
    Out.Accesses[X].PhaseNext = Flow.at(AccessPos[X].Block, AccessPos[X].Elem, false);
  }
  if (!WaitIndex.empty())
    recordSerialBranches(WaitIndex, ById);
}

void FunctionAnalyzer::recordSerialBranches(const llvm::DenseMap<const Stmt *, int> &WaitIndex,
                                            const std::vector<const CFGBlock *> &ById) {
  // The wait whose result E is: the call itself, or a local set only by it.
  auto WaitOf = [&](const Expr *E) -> int {
    E = strip(E);
    if (auto It = WaitIndex.find(E); It != WaitIndex.end())
      return It->second;
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || !VD->isLocalVarDecl() || TU.AddrTaken.count(VD))
      return -1;
    int Found = -1;
    unsigned Sets = 0;
    if (const Expr *Init = VD->getInit()) {
      ++Sets;
      if (auto It = WaitIndex.find(strip(Init)); It != WaitIndex.end())
        Found = It->second;
    }
    forEachStmt(FD->getBody(), [&](const Stmt *X) {
      const auto *BO = dyn_cast<BinaryOperator>(X);
      const auto *L = BO && BO->isAssignmentOp() ? dyn_cast<DeclRefExpr>(strip(BO->getLHS()))
                                                 : nullptr;
      if (L && L->getDecl() == VD) {
        ++Sets;
        auto It = WaitIndex.find(strip(BO->getRHS()));
        Found = BO->getOpcode() == BO_Assign && It != WaitIndex.end() ? It->second : -1;
      }
      return true;
    });
    return Sets == 1 ? Found : -1;
  };
  // 'if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {..}' ('!=': the else branch):
  // the serial value is -1 (every other result is 0 or an error number).
  forEachStmt(FD->getBody(), [&](const Stmt *X) {
    const auto *If = dyn_cast<IfStmt>(X);
    const auto *BO = If ? dyn_cast<BinaryOperator>(If->getCond()->IgnoreParenImpCasts()) : nullptr;
    if (!BO || !BO->isEqualityOp())
      return true;
    for (auto [A, B] : {std::pair(BO->getLHS(), BO->getRHS()), std::pair(BO->getRHS(), BO->getLHS())}) {
      Expr::EvalResult R;
      if (B->isValueDependent() || !B->EvaluateAsInt(R, Ctx) || R.Val.getInt() != -1)
        continue;
      int W = WaitOf(A);
      const Stmt *Branch = BO->getOpcode() == BO_EQ ? If->getThen() : If->getElse();
      if (W < 0 || !Branch)
        continue;
      // The accesses whose statement (their CFG element) lies in the branch:
      // by the parent chain, not by source ranges (which a macro blurs).
      auto InBranch = [&](const CfgPos &P) {
        if (P.Block == ~0u || P.Block >= ById.size() || !ById[P.Block] ||
            P.Elem >= ById[P.Block]->size())
          return false;
        auto CS = (*ById[P.Block])[P.Elem].getAs<CFGStmt>();
        for (const Stmt *S = CS ? CS->getStmt() : nullptr; S; S = parent(S))
          if (S == Branch)
            return true;
        return false;
      };
      for (size_t I = 0; I < Out.Accesses.size() && I < AccessPos.size(); ++I)
        if (InBranch(AccessPos[I]))
          Out.Accesses[I].PhaseSerial = W;
    }
    return true;
  });
}

} // namespace extract
} // namespace parcheck
