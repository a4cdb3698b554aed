//===- Phases.cpp - happens-before through barrier phases ------------------===//
//
// Happens-before through barrier phases
//
// A reusable barrier ('pthread_barrier_wait', 'std::barrier::arrive_and_
// wait') cuts the run of every thread that waits on it into phases: no
// thread leaves the k-th episode before every party has arrived at it. A
// pool that alternates two barriers ('wait(&start); work(); wait(&done);'
// in the workers, 'setup(); wait(&start); wait(&done); collect();' in the
// dispatcher, c-blosc's barr_init/barr_finish) never runs the dispatcher's
// setup and a worker's work at once, though both run in every round.
//
// Each access lies in a gap between two boundaries of its thread: the wait
// (or the thread's start) last before it, and the wait (or the thread's
// end) first after it (extract/Phases.cpp gives them per function; here they
// are followed into callees, through summaries of the boundaries first after
// a callee's entry and last before its exit, and out to the callers, over
// the root's call paths). Two accesses can run at once only in the same gap
// of the global sequence of episodes, and then their gaps are bounded by
// waits on the same barriers: the boundaries before them name one barrier
// (or either is the thread's start, which may come at any episode), and
// those after them do too (or both are the end: a party that ends takes
// part in no later episode, so the episode after a gap that another party
// ends in never comes). When no pair of boundaries agrees both before and
// after, X and Y are in different phases: ordered.
//
// In one thread function (both roots enter the same function, the SPMD
// shape: 'for (..) { a[id] = f(); wait(&b); if (!id) sum(a); wait(&b); }'),
// the two waits of one barrier are told apart by their site: the even and
// the odd gaps of one barrier never meet. The branch that the one thread a
// wait returned PTHREAD_BARRIER_SERIAL_THREAD to takes ('if (rc ==
// PTHREAD_BARRIER_SERIAL_THREAD) swap(&cur, &next);') never overlaps itself
// (AccessFact::PhaseSerial; accesses written in that branch, not those of
// the functions it calls).
//
// What this assumes, as barrier verifiers of GPU and OpenMP code do
// (barriers are textually aligned): every thread that waits on a barrier
// takes part in each of its episodes while it runs, in the same order of
// barriers (a pthread barrier with a fixed count of parties hangs
// otherwise), and in one thread function the waits of one barrier are not
// under branches that differ between threads. A barrier only one of the two
// threads waits on orders nothing; an unknown boundary (a call that may
// wait on a barrier without facts to follow, a caller of unknown effect)
// matches any.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"

namespace parcheck {

namespace {
using PT = ProgramAnalysis::PhaseTok;

PT unknownTok() { return PT(); }
PT kindTok(PT::Kind K) {
  PT T;
  T.K = K;
  return T;
}
} // namespace

void ProgramAnalysis::resolvePhase(const FunctionFacts &F, llvm::ArrayRef<int> Tokens,
                                   bool Prev, PhaseSet &Out, bool &AtEdge) const {
  const FunctionFacts::PhaseFacts &Ph = F.Phases;
  const int W = int(Ph.Waits.size());
  std::vector<int> Todo(Tokens.begin(), Tokens.end());
  std::set<size_t> SeenCalls;
  while (!Todo.empty()) {
    int T = Todo.back();
    Todo.pop_back();
    if (T < 0) {
      AtEdge = true;
      continue;
    }
    if (T < W) {
      PT X;
      X.K = PT::Wait;
      X.Barrier = Ph.Waits[size_t(T)];
      X.Fn = &F;
      X.Site = T;
      Out.insert(X);
      continue;
    }
    size_t J = size_t(T - W);
    if (J >= Ph.Calls.size()) {
      Out.insert(unknownTok());
      continue;
    }
    if (!SeenCalls.insert(J).second)
      continue;
    const FunctionFacts::PhaseCall &C = Ph.Calls[J];
    // The calls made there: through a call that waits on no barrier, the
    // boundaries are those around the call itself.
    bool Through = false, Found = false;
    for (const CallFact &X : F.Calls) {
      if (!(X.Where == C.Where) || X.Callee.empty())
        continue;
      Found = true;
      if (!BarrierWaiters.count(X.Callee)) {
        Through = true;
        continue;
      }
      const auto &Sum = Prev ? PhaseLast : PhaseFirst;
      auto It = Sum.find(X.Callee);
      if (It == Sum.end()) { // it waits where no facts follow it
        Out.insert(unknownTok());
        continue;
      }
      for (const PT &S : It->second)
        if (S.K == PT::Pass)
          Through = true;
        else
          Out.insert(S);
    }
    if (!Found)
      for (const CallFact &X : F.IndirectCalls)
        if (X.Where == C.Where) // a call through a value that resolved to nothing seen
          Out.insert(unknownTok());
    if (Through || !Found)
      for (int N : Prev ? C.Prev : C.Next)
        Todo.push_back(N);
  }
}

void ProgramAnalysis::computePhases() {
  PhaseBarriers.assign(Roots.size(), {});
  PhaseEntry.assign(Roots.size(), {});
  PhaseExit.assign(Roots.size(), {});
  bool Any = false;
  for (const auto &[Usr, F] : P.Functions)
    if (!F.Phases.Waits.empty()) {
      BarrierWaiters.insert(Usr);
      Any = true;
    }
  if (!Any)
    return;
  // Callers of waiters wait too.
  std::map<std::string, std::vector<std::string>> CallersOf;
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls)
      if (!C.Callee.empty())
        CallersOf[C.Callee].push_back(Usr);
  std::vector<std::string> Todo(BarrierWaiters.begin(), BarrierWaiters.end());
  while (!Todo.empty()) {
    std::string U = Todo.back();
    Todo.pop_back();
    if (auto It = CallersOf.find(U); It != CallersOf.end())
      for (const std::string &C : It->second)
        if (BarrierWaiters.insert(C).second)
          Todo.push_back(C);
  }
  // Callee summaries, to the fixpoint (unions only grow).
  for (const auto &[Usr, F] : P.Functions)
    if (!F.Phases.empty()) {
      PhaseFirst[Usr];
      PhaseLast[Usr];
    }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions) {
      if (F.Phases.empty())
        continue;
      for (bool Prev : {false, true}) {
        PhaseSet Out;
        bool Edge = false;
        resolvePhase(F, Prev ? F.Phases.ExitPrev : F.Phases.EntryNext, Prev, Out, Edge);
        if (Edge)
          Out.insert(kindTok(PT::Pass));
        PhaseSet &Cur = (Prev ? PhaseLast : PhaseFirst)[Usr];
        if (Out != Cur) {
          Cur = std::move(Out);
          Changed = true;
        }
      }
    }
  }
  // Per root that waits on a barrier: the boundaries around each function it
  // reaches, over its call paths (a worklist: a caller's change flows to its
  // callees).
  auto CallsWaiter = [&](const FunctionFacts &F) {
    return std::any_of(F.Calls.begin(), F.Calls.end(),
                       [&](const CallFact &C) { return BarrierWaiters.count(C.Callee) != 0; });
  };
  for (size_t R = 0; R < Roots.size(); ++R) {
    const auto &Reach = Reached[R];
    for (const auto &Fn : Reach)
      if (auto It = P.Functions.find(Fn.first); It != P.Functions.end())
        for (const Id &B : It->second.Phases.Waits)
          PhaseBarriers[R].insert(B);
    if (PhaseBarriers[R].empty())
      continue;
    for (bool Prev : {true, false}) {
      std::map<std::string, PhaseSet> &M = (Prev ? PhaseEntry : PhaseExit)[R];
      std::map<std::string, std::vector<std::pair<const FunctionFacts *, const CallFact *>>> Into;
      for (const auto &Fn : Reach) {
        auto It = P.Functions.find(Fn.first);
        if (It == P.Functions.end())
          continue;
        for (const CallFact &C : It->second.Calls)
          if (!C.Callee.empty() && Reach.count(C.Callee))
            Into[C.Callee].push_back({&It->second, &C});
      }
      // What a call C of G contributes to its callee's edge.
      auto AtCall = [&](const FunctionFacts &G, const CallFact &C) {
        PhaseSet Out;
        bool Edge = false;
        if (G.Phases.empty()) {
          if (CallsWaiter(G))
            Out.insert(unknownTok());
          else
            Edge = true;
        } else {
          auto PC = std::find_if(G.Phases.Calls.begin(), G.Phases.Calls.end(),
                                 [&](const FunctionFacts::PhaseCall &X) { return X.Where == C.Where; });
          if (PC == G.Phases.Calls.end())
            Out.insert(unknownTok());
          else
            resolvePhase(G, Prev ? PC->Prev : PC->Next, Prev, Out, Edge);
        }
        if (Edge)
          if (auto It = M.find(G.Usr); It != M.end())
            Out.insert(It->second.begin(), It->second.end());
        return Out;
      };
      std::vector<std::string> Work;
      const std::string &Entry = Roots[R].Entry;
      for (const auto &Fn : Reach)
        Work.push_back(Fn.first);
      std::set<std::string> Queued(Work.begin(), Work.end());
      while (!Work.empty()) {
        std::string U = Work.back();
        Work.pop_back();
        Queued.erase(U);
        PhaseSet Out;
        if (U == Entry)
          Out.insert(kindTok(Prev ? PT::Start : PT::End));
        if (auto It = Into.find(U); It != Into.end())
          for (const auto &[G, C] : It->second) {
            PhaseSet S = AtCall(*G, *C);
            Out.insert(S.begin(), S.end());
          }
        PhaseSet &Cur = M[U];
        size_t Before = Cur.size();
        Cur.insert(Out.begin(), Out.end());
        if (Cur.size() == Before)
          continue;
        auto FI = P.Functions.find(U);
        if (FI == P.Functions.end())
          continue;
        for (const CallFact &C : FI->second.Calls)
          if (!C.Callee.empty() && Reach.count(C.Callee) && Queued.insert(C.Callee).second)
            Work.push_back(C.Callee);
      }
      // Reached otherwise than by a call seen (a callback of a library):
      // not known.
      for (const auto &Fn : Reach)
        if (M[Fn.first].empty())
          M[Fn.first].insert(unknownTok());
    }
  }
}

ProgramAnalysis::PhaseSet ProgramAnalysis::phaseAround(size_t R, const FunctionFacts &F,
                                                       llvm::ArrayRef<int> Local,
                                                       bool Prev) const {
  PhaseSet Out;
  bool Edge = false;
  if (F.Phases.empty()) {
    for (const CallFact &C : F.Calls)
      if (BarrierWaiters.count(C.Callee))
        return {unknownTok()};
    Edge = true;
  } else if (Local.empty()) {
    return {unknownTok()};
  } else {
    resolvePhase(F, Local, Prev, Out, Edge);
  }
  if (Edge) {
    const auto &M = (Prev ? PhaseEntry : PhaseExit)[R];
    auto It = M.find(F.Usr);
    if (It == M.end())
      Out.insert(unknownTok());
    else
      Out.insert(It->second.begin(), It->second.end());
  }
  return Out;
}

bool ProgramAnalysis::orderedByPhases(size_t RX, const FunctionFacts &FX, const AccessFact &X,
                                      size_t RY, const FunctionFacts &FY,
                                      const AccessFact &Y) const {
  if (BarrierWaiters.empty() || RX >= PhaseBarriers.size() || RY >= PhaseBarriers.size() ||
      PhaseBarriers[RX].empty() || PhaseBarriers[RY].empty())
    return false;
  const PhaseSet PX = phaseAround(RX, FX, X.PhasePrev, true);
  const PhaseSet NX = phaseAround(RX, FX, X.PhaseNext, false);
  const PhaseSet PY = phaseAround(RY, FY, Y.PhasePrev, true);
  const PhaseSet NY = phaseAround(RY, FY, Y.PhaseNext, false);
  // Every barrier named must be one both threads wait on.
  bool AnyWait = false;
  for (const PhaseSet *S : {&PX, &NX, &PY, &NY})
    for (const PT &T : *S)
      if (T.K == PT::Wait) {
        AnyWait = true;
        if (!PhaseBarriers[RX].count(T.Barrier) || !PhaseBarriers[RY].count(T.Barrier))
          return false;
      }
  if (!AnyWait)
    return false;
  // Each episode returns the serial value to one thread only, and the next
  // episode of that wait needs that thread's arrival: the serial branches of
  // one wait never overlap.
  if (&FX == &FY && X.PhaseSerial >= 0 && X.PhaseSerial == Y.PhaseSerial)
    return true;
  auto Coincide = [&](bool BySite) {
    auto Same = [&](const PT &A, const PT &B) {
      return A.K == PT::Wait && B.K == PT::Wait &&
             (BySite ? A.Fn == B.Fn && A.Site == B.Site : A.Barrier == B.Barrier);
    };
    auto Open = [](const PT &A) { return A.K == PT::Start || A.K == PT::Unknown; };
    bool Before = false, After = false;
    for (const PT &A : PX)
      for (const PT &B : PY)
        Before = Before || Open(A) || Open(B) || Same(A, B);
    for (const PT &A : NX)
      for (const PT &B : NY)
        After = After || A.K == PT::Unknown || B.K == PT::Unknown ||
                (A.K == PT::End && B.K == PT::End) || Same(A, B);
    return Before && After;
  };
  if (!Coincide(false))
    return true;
  return Roots[RX].Entry == Roots[RY].Entry && !Coincide(true);
}

} // namespace parcheck
