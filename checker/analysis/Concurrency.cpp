//===- Concurrency.cpp - which threads may run at the same time -----------===//
//
// When two roots overlap (ProgramAnalysis::concurrent), and when a thread may
// be running at a given point of another's code (mayRunAt): happens-before
// from thread creation and joins in helpers, and through atomics
// (orderedByAtomic). The glossary of root, reach and live is in Analysis.cpp.
//
//===----------------------------------------------------------------------===//

#include "analysis/Analysis.h"
#include "analysis/CallClosure.h"
#include "facts/Ids.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <optional>
#include <tuple>

namespace parcheck {

bool ProgramAnalysis::spawnedOnlyFrom(const Root &R, const std::string &Fn) const {
  if (R.Sites.empty())
    return false;
  for (const Root::Site &S : R.Sites)
    if (S.Spawner != Fn)
      return false;
  return true;
}

bool ProgramAnalysis::handleLive(const Root &R, const std::set<std::string> &Live) const {
  for (const Root::Site &S : R.Sites)
    if (Live.count(S.Spawn->Handle))
      return true;
  return false;
}

bool ProgramAnalysis::reachesSpawner(size_t A, const Root &R) const {
  return R.Scoped && !R.Sites.empty() && Reached[A].count(R.Sites.front().Spawner);
}

/// The only root whose code runs R's creating function, when R is scoped
/// (joined before that function returns): R runs inside that root's call.
size_t ProgramAnalysis::parentOf(size_t R) const {
  // Asked for every pair of accesses: computed once per root (the roots and
  // what they reach are fixed once the constructor has made them).
  if (ParentCache.size() != Roots.size())
    ParentCache.assign(Roots.size(), Unknown);
  if (ParentCache[R] == Unknown)
    ParentCache[R] = computeParent(R);
  return ParentCache[R];
}

size_t ProgramAnalysis::computeParent(size_t R) const {
  const Root &Rt = Roots[R];
  if (!Rt.Scoped || Rt.Sites.empty())
    return Roots.size();
  size_t Parent = Roots.size();
  for (size_t P = 0; P < Roots.size(); ++P)
    if (Reached[P].count(Rt.Sites.front().Spawner)) {
      if (Parent != Roots.size())
        return Roots.size();
      Parent = P;
    }
  return Parent == R ? Roots.size() : Parent;
}

bool ProgramAnalysis::concurrent(size_t A, const std::set<std::string> &LiveA, size_t B,
                                 const std::set<std::string> &LiveB, unsigned Depth) const {
  const Root &RA = Roots[A], &RB = Roots[B];
  if (A == B)
    return RA.Many;
  // A thread nested in another (created and joined inside it) can only
  // overlap what overlaps its parent while it lives.
  // Only thread parents (main's own threads are ordered by the rules below).
  auto ParentLive = [&](size_t P, const Root &Child) {
    std::set<std::string> L = Reached[P].at(Child.Sites.front().Spawner).Live;
    for (const Root::Site &S : Child.Sites)
      L.insert(S.Spawn->LiveAtSpawn.begin(), S.Spawn->LiveAtSpawn.end());
    return L;
  };
  if (Depth < 4) {
    size_t PB = parentOf(B);
    if (PB != Roots.size() && PB != A && !RB.Many && !Roots[PB].Sites.empty() &&
        !concurrent(A, LiveA, PB, ParentLive(PB, RB), Depth + 1))
      return false;
    size_t PA = parentOf(A);
    if (PA != Roots.size() && PA != B && !RA.Many && !Roots[PA].Sites.empty() &&
        !concurrent(PA, ParentLive(PA, RA), B, LiveB, Depth + 1))
      return false;
  }
  if (spawnedOnlyFrom(RB, RA.Entry))
    return handleLive(RB, LiveA);
  if (spawnedOnlyFrom(RA, RB.Entry))
    return handleLive(RA, LiveB);
  // A thread joined before its creating function returns overlaps the root
  // that calls that function only while its handle is live there.
  if (reachesSpawner(A, RB))
    return handleLive(RB, LiveA);
  if (reachesSpawner(B, RA))
    return handleLive(RA, LiveB);
  // Two scoped threads created by functions that one root calls: they overlap
  // only if one creating function runs while the other's thread is live.
  if (RA.Scoped && RB.Scoped && !RA.Sites.empty() && !RB.Sites.empty()) {
    const std::string &FA = RA.Sites.front().Spawner, &FB = RB.Sites.front().Spawner;
    size_t Caller = Roots.size();
    for (size_t R = 0; R < Roots.size(); ++R)
      if (Reached[R].count(FA) || Reached[R].count(FB)) {
        if (Caller != Roots.size() || !Reached[R].count(FA) || !Reached[R].count(FB)) {
          Caller = Roots.size(); // reached from several roots: no claim
          break;
        }
        Caller = R;
      }
    if (Caller != Roots.size() && FA != FB)
      return handleLive(RA, Reached[Caller].at(FB).Live) ||
             handleLive(RB, Reached[Caller].at(FA).Live);
  }
  // Both created in one function: did one exist while the other was created?
  if (!RA.Sites.empty() && !RB.Sites.empty() && spawnedOnlyFrom(RB, RA.Sites[0].Spawner)) {
    for (const Root::Site &SA : RA.Sites)
      for (const Root::Site &SB : RB.Sites) {
        // One site that starts either function (a wrapper's function value):
        // two of its runs overlap unless each joins before it returns.
        if (SA.Spawn->Where == SB.Spawn->Where && (!RA.Scoped || !RB.Scoped))
          return true;
        const auto &LA = SA.Spawn->LiveAtSpawn, &LB = SB.Spawn->LiveAtSpawn;
        if (std::find(LB.begin(), LB.end(), SA.Spawn->Handle) != LB.end() ||
            std::find(LA.begin(), LA.end(), SB.Spawn->Handle) != LA.end())
          return true;
      }
    return false;
  }
  return true;
}

// Happens-before from creation in helpers
//
// A thread created by a helper ('start_bg()', 'Initialize()', nested at any
// depth) starts when the call to that helper runs, so what its creator did
// before the call happens before the whole thread. Per root, a may-set of
// spawn sites is carried over the call graph, as the extractor's live handles
// are carried within one function:
//   Escaping(H)         sites whose thread may still run when H returns: H's
//                       handles live at its exit, plus its callees' escaping
//                       sites (a join of a handle made elsewhere is not
//                       recorded, so such a thread is taken to run on);
//   RunningOnEntry(F)   union over the calls of F on the root's paths of
//                       what runs before the call: the caller's entry set, its
//                       own live handles there, and the escaping sites of the
//                       calls that may precede it in the caller.
// A call may precede a point of its function when it is written before it
// or at it (or in another file), or when it is inside a loop that contains
// the point (a loop written after the point cannot run first). Known limits: a
// backward goto, and an access written before a call it is evaluated after
// ('x = start();', 'f(x, start())'), are taken to happen before the call.
// A root with several instances may have started B in another instance, so
// it makes no claim; nor does it when B is created by the code of another
// root too.
//
// Happens-before from joins in helpers
//
// A handle that outlives its function (a global 'tid', a member 's->tid',
// 'm_threads[i]') is named by one key everywhere (JoinFact), so a join in a
// helper ('svc_stop(s)', 'StopThreads()') ends the thread another helper
// created. JoinsIn(H) is the keys a call of H joins, itself or through its
// calls. A site is no longer running at a point of F when a join of its key
// (in F, or in a call of F) is written before that point and no place F
// (re)starts that site (its own spawn, a call that leaves it running) after
// that join may run before the point ('StopThreads(); StartThreads();': the
// old threads are joined when StartThreads is called); at F's exit, for
// Escaping, every (re)start must come before the join. Known limits:
// a join of a member joins that member in every object of the class (one
// 'svc' at a time, as servers have); a join on only some paths ('if (t)
// pthread_join(t, 0)') counts as a join, except a join of a thread the
// function itself creates on a path that returns at once ('if (err) {
// pool_free(p); return NULL; }', JoinFact/CallFact::ReturnAt): that join holds
// only up to the return, and never at the normal exit. A call on such a path
// likewise precedes only the points up to its return. (Applied to threads
// made by callees, the early-return rule exposed reports whose cause is the
// conflation of joins: one member key joins every object's thread, and one
// trampoline root such as yarn's 'ignition' stands for every launched
// function; it is kept for own threads only until those are told apart.)
// A local handle array stored in a member ('ctx->threads = tp') is keyed as
// that member (extract/HandleStores.cpp).

/// May the call C run before a point at Where of the same function? (Self:
/// the point is C itself, which precedes itself only in a loop.)
bool callMayPrecede(const CallFact &C, const SrcLoc &Where, bool Self) {
  // Every path from C returns at C.ReturnAt: no back edge, nothing after it.
  if (C.ReturnAt.valid() && C.Where.valid() && Where.valid() && C.Where.File == Where.File &&
      C.ReturnAt.File == Where.File)
    return !Self && C.Where.pos() <= Where.pos() && Where.pos() <= C.ReturnAt.pos();
  if (C.InLoop) {
    // Another iteration's call reaches a point inside the outermost loop
    // around it (the back edge), never one written before that loop.
    const SrcLoc &L = C.LoopStart;
    if (!L.valid() || L.File != Where.File || !Where.valid() ||
        L.pos() <= Where.pos())
      return true;
  }
  if (Self)
    return false;
  if (C.Where.File != Where.File || !C.Where.valid() || !Where.valid())
    return true;
  return C.Where.pos() <= Where.pos();
}

bool writtenBefore(const SrcLoc &A, const SrcLoc &B) {
  if (A.File != B.File || !A.valid() || !B.valid())
    return false;
  if (A.pos() != B.pos())
    return A.pos() < B.pos();
  // One macro expansion: the order its function recorded them in.
  return A.Ord && B.Ord && A.Ord < B.Ord;
}

bool holdsLock(const LockSet &Held, const Id &L) {
  return std::any_of(Held.begin(), Held.end(), [&](const HeldLock &H) { return H.Id == L; });
}

bool waitsInTest(const CountFact &T, const LockOpFact &W) {
  return T.K == CountFact::Test && W.Kind == LockOpFact::Wait &&
         !writtenBefore(W.Where, T.Where) && !writtenBefore(T.End, W.Where);
}

bool ProgramAnalysis::joinedBefore(const FunctionFacts &F, const SpawnFact &S,
                                   const SrcLoc *Where, const CallFact *Self) const {
  if (S.SharedHandle.empty())
    return false;
  const SrcLoc *Last = nullptr;
  // A join on a path that returns early (ReturnAt) holds only up to that
  // return, not at a point written after it nor at the normal exit, for a
  // thread F itself creates (its error path: 'if (create fails) {
  // pool_free(p); return NULL; }'). For a thread made by a callee the join
  // still counts on every path (the known limit below).
  bool Own = !F.Spawns.empty() && &S >= F.Spawns.data() && &S < F.Spawns.data() + F.Spawns.size();
  auto Consider = [&](const SrcLoc &J, const SrcLoc &ReturnAt) {
    if (Own && ReturnAt.valid() && (!Where || writtenBefore(ReturnAt, *Where)))
      return;
    if ((!Where || writtenBefore(J, *Where)) && (!Last || writtenBefore(*Last, J)))
      Last = &J;
  };
  for (const JoinFact &J : F.Joins)
    if (J.Handle == S.SharedHandle)
      Consider(J.Where, J.ReturnAt);
  for (const CallFact &C : F.Calls) {
    if (&C == Self)
      continue;
    auto It = JoinsIn.find(C.Callee);
    if (It != JoinsIn.end() && It->second.count(S.SharedHandle))
      Consider(C.Where, C.ReturnAt);
  }
  if (!Last)
    return false;
  // No start of the site in F after that join can run before the point (at
  // F's exit: every start comes before the join). 'StopThreads();
  // StartThreads();' has joined the old threads at the call of StartThreads.
  for (const SpawnFact &Sp : F.Spawns)
    if (&Sp == &S && !writtenBefore(Sp.Where, *Last) &&
        (!Where || Sp.InLoop || !writtenBefore(*Where, Sp.Where)))
      return false;
  for (const CallFact &C : F.Calls) {
    auto E = Escaping.find(C.Callee);
    if (E != Escaping.end() && E->second.count(&S) && !writtenBefore(C.Where, *Last) &&
        (!Where || callMayPrecede(C, *Where, &C == Self)))
      return false;
  }
  return true;
}

void ProgramAnalysis::runningBefore(const FunctionFacts &F, const SrcLoc &Where,
                                    llvm::ArrayRef<std::string> Live,
                                    const CallFact *Self, SiteSet &Out,
                                    const LockSet *Held) const {
  for (const SpawnFact &S : F.Spawns)
    if (std::find(Live.begin(), Live.end(), S.Handle) != Live.end())
      Out.insert(&S);
  auto Calls = EscapingCalls.find(&F);
  if (Calls != EscapingCalls.end())
    for (const auto &[C, Sites] : Calls->second)
      if (callMayPrecede(*C, Where, C == Self))
        Out.insert(Sites->begin(), Sites->end());
  for (auto It = Out.begin(); It != Out.end();)
    It = joinedBefore(F, **It, &Where, Self) ? Out.erase(It) : std::next(It);
  if (Held && ParkSections.count(F.Usr))
    for (auto It = Out.begin(); It != Out.end();)
      It = parkedAt(F, Where, *Held, Self, **It) ? Out.erase(It) : std::next(It);
}

void ProgramAnalysis::computeRunning() {
  for (const auto &[Usr, F] : P.Functions)
    for (const JoinFact &J : F.Joins)
      JoinsIn[Usr].insert(J.Handle);
  closeOverCalls(P, JoinsIn);
  // Escaping grows monotonically: more starts in callees only remove joins'
  // effect (joinedBefore needs every start before the join).
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions) {
      SiteSet New;
      for (const SpawnFact &S : F.Spawns)
        if (std::find(F.LiveAtExit.begin(), F.LiveAtExit.end(), S.Handle) != F.LiveAtExit.end())
          New.insert(&S);
      for (const CallFact &C : F.Calls) {
        auto E = Escaping.find(C.Callee);
        if (E != Escaping.end() && C.Callee != Usr)
          New.insert(E->second.begin(), E->second.end());
      }
      for (auto It = New.begin(); It != New.end();)
        It = joinedBefore(F, **It, nullptr, nullptr) ? New.erase(It) : std::next(It);
      if (New.empty())
        continue; // no entry: every reader takes none as an empty set
      SiteSet &Mine = Escaping[Usr];
      if (New.size() > Mine.size()) {
        Mine = std::move(New);
        Changed = true;
      }
    }
  }
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls) {
      auto E = Escaping.find(C.Callee);
      if (E != Escaping.end() && !E->second.empty())
        EscapingCalls[&F].emplace_back(&C, &E->second);
    }
  SiteCreators.assign(Roots.size(), {});
  for (size_t B = 0; B < Roots.size(); ++B)
    for (const Root::Site &S : Roots[B].Sites) {
      std::vector<size_t> By;
      for (size_t R = 0; R < Roots.size(); ++R)
        if (Reached[R].count(S.Spawner))
          By.push_back(R);
      SiteCreators[B].emplace_back(S.Spawn, std::move(By));
    }
  // The roots each spawn site starts (a wrapper's site starts one per
  // function value), for the once-call edges of propagateRunning.
  for (size_t B = 0; B < Roots.size(); ++B)
    for (const Root::Site &S : Roots[B].Sites)
      RootsAt[S.Spawn].push_back(B);
  computeParks();
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls)
      if (C.Callee != Usr)
        CalledFrom[C.Callee].emplace_back(&F, &C);
  RunningOnEntry.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R) {
    UsrMap<SiteSet> &M = RunningOnEntry[R];
    SiteSet Static = staticRunning(R);
    M.reserve(Reached[R].size());
    for (const auto &[Usr, Rch] : Reached[R])
      M.emplace_hint(M.end(), Usr,
                     Usr == Roots[R].Entry || idKind(Usr) == IdKind::StaticInit ? Static : SiteSet());
    propagateRunning(M, [](const FunctionFacts &, const CallFact &) { return true; });
  }
}

ProgramAnalysis::SiteSet ProgramAnalysis::staticRunning(size_t R) const {
  // Global constructors run before main, in an order not known here.
  SiteSet Static;
  if (Roots[R].IsMain)
    for (const auto &[Fn, F] : P.Functions)
      if (idKind(Fn) == IdKind::StaticInit) {
        auto E = Escaping.find(Fn);
        if (E != Escaping.end())
          Static.insert(E->second.begin(), E->second.end());
      }
  return Static;
}

template <typename FollowFn>
void ProgramAnalysis::propagateRunning(UsrMap<SiteSet> &M, FollowFn Follow) {
  // M's keys by pointer (map nodes do not move; a call's callee is interned).
  std::deque<const std::string *> Work;
  for (const auto &[Usr, S] : M)
    Work.push_back(&Usr);
  while (!Work.empty()) {
    const std::string &Fn = *Work.front();
    Work.pop_front();
    const FunctionFacts *F = function(Fn);
    if (!F)
      continue;
    const SiteSet &Mine = M[Fn];
    for (const CallFact &C : F->Calls) {
      auto It = M.find(C.Callee);
      if (It == M.end() || !Follow(*F, C))
        continue;
      SiteSet In = Mine;
      if (C.Once && !OnlyInRun.count(C.Callee))
        OnlyInRun[C.Callee] = sitesOnlyInRun(C.Callee, RootsAt);
      runningAtCall(*F, C, In);
      size_t Before = It->second.size();
      It->second.insert(In.begin(), In.end());
      if (It->second.size() != Before)
        Work.push_back(&C.Callee.str());
    }
  }
}

// The spawn sites running on entry to a function over only the paths that
// pass no callback call of the root's loop, for the functions the root also
// reaches inside its loop (LoopContext.cpp's MixedContexts): main's shutdown
// walk that closes every connection after joining the workers reaches
// conn_close with no worker running, though its loop's callback reaches it
// while they all run. An access of such a function is checked once on the
// loop's paths (with the loop's base) and once on these.
void ProgramAnalysis::computeOutsideRunning() {
  Outside.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R) {
    if (R >= MixedContexts.size() || MixedContexts[R].empty())
      continue;
    const std::set<std::string> &Fns = OutsideFns[R];
    auto Follow = [&](const FunctionFacts &F, const CallFact &C) {
      return Fns.count(C.Callee) && loopBaseOf(F, C).empty();
    };
    UsrMap<SiteSet> M;
    SiteSet Static = staticRunning(R);
    for (const std::string &Usr : Fns)
      if (Reached[R].count(Usr))
        M[Usr] = Usr == Roots[R].Entry || idKind(Usr) == IdKind::StaticInit ? Static : SiteSet();
    propagateRunning(M, Follow);
    // The first caller of each, breadth first from the entry over the same
    // calls, for the call chain a report prints.
    UsrMap<OutsideReach> &Out = Outside[R];
    for (auto &[Usr, S] : M)
      Out[Usr].Running = std::move(S);
    std::deque<std::string> Work;
    std::set<std::string> Seen;
    for (const auto &[Usr, O] : Out)
      if (Usr == Roots[R].Entry || idKind(Usr) == IdKind::StaticInit)
        if (Seen.insert(Usr).second)
          Work.push_back(Usr);
    while (!Work.empty()) {
      std::string Fn = Work.front();
      Work.pop_front();
      const FunctionFacts *F = function(Fn);
      if (!F)
        continue;
      for (const CallFact &C : F->Calls)
        if (Out.count(C.Callee) && Follow(*F, C) && Seen.insert(C.Callee).second) {
          Out[C.Callee].Caller = Fn;
          Out[C.Callee].CallSite = C.Where;
          Work.push_back(C.Callee);
        }
    }
  }
}

void ProgramAnalysis::runningAtCall(const FunctionFacts &F, const CallFact &C, SiteSet &In) const {
  runningBefore(F, C.Where, C.Live, &C, In, &C.Held);
  if (C.Once)
    if (auto D = OnlyInRun.find(C.Callee); D != OnlyInRun.end())
      for (const SpawnFact *S : D->second)
        In.erase(S);
}

ProgramAnalysis::SiteSet ProgramAnalysis::sitesOnlyInRun(
    const std::string &Cb,
    const std::map<const SpawnFact *, std::vector<size_t>> &RootsAt) const {
  SiteSet Out;
  for (const auto &[Site, Rs] : RootsAt)
    if (std::all_of(Rs.begin(), Rs.end(), [&](size_t B) { return startedInRun(B, Cb); }))
      Out.insert(Site);
  return Out;
}

bool ProgramAnalysis::mayRunAt(size_t A, const std::string &Fn, const SrcLoc &Where,
                               llvm::ArrayRef<std::string> Live, size_t B,
                               bool OutsideLoop, const LockSet *Held,
                               const CallSite *Site) const {
  if (A == B || Roots[A].Many || Roots[B].Sites.empty())
    return true;
  if (parkedRoot(A, Fn, Where, Held, B))
    return false;
  const FunctionFacts *F = function(Fn);
  const SiteSet *OnEntry = nullptr;
  SiteSet AtSite;
  // The calls of a deeper split, the outermost first.
  std::vector<const CallSite *> Calls;
  for (const CallSite *S = Site; S; S = S->Outer.get())
    Calls.insert(Calls.begin(), S);
  auto CE = Site ? RunningOnEntry[A].find(Calls.front()->Caller->Usr) : RunningOnEntry[A].end();
  if (CE != RunningOnEntry[A].end() && !OutsideLoop) {
    // What may run on entry to Fn through these calls.
    AtSite = CE->second;
    for (const CallSite *S : Calls)
      runningAtCall(*S->Caller, *S->Call, AtSite);
    OnEntry = &AtSite;
  } else if (OutsideLoop) {
    if (A < Outside.size())
      if (auto O = Outside[A].find(Fn); O != Outside[A].end())
        OnEntry = &O->second.Running;
  } else if (auto E = RunningOnEntry[A].find(Fn); E != RunningOnEntry[A].end()) {
    OnEntry = &E->second;
  }
  if (!F || !OnEntry)
    return true;
  SiteSet Here = *OnEntry;
  runningBefore(*F, Where, Live, nullptr, Here, Held);
  std::vector<char> Seen(Roots.size(), 0);
  return mayHaveStarted(A, Here, B, Seen);
}

// The witness of "B may be running here": breadth first backwards from Fn
// over the calls of A's code, through the functions B must already be
// running on entry to, until a call made after B's creation in its caller
// (or A's entry, when B runs before it starts). Each step keeps B running:
// the call's caller has B running at the call (RunningOnEntry, then what the
// caller does before the call), as propagateRunning passes it on.
std::vector<std::string> ProgramAnalysis::witnessChain(size_t A, const std::string &Fn,
                                                       const SrcLoc &Where,
                                                       llvm::ArrayRef<std::string> Live,
                                                       const LockSet *Held, size_t B) const {
  const FunctionFacts *F = function(Fn);
  if (A == B || Roots[A].Many || Roots[B].Sites.empty() || !F)
    return callChain(A, Fn);
  auto Starts = [&](const SiteSet &Here) {
    std::vector<char> Seen(Roots.size(), 0);
    return mayHaveStarted(A, Here, B, Seen);
  };
  SiteSet Here;
  runningBefore(*F, Where, Live, nullptr, Here, Held);
  if (Starts(Here))
    return callChain(A, Fn); // B is created in Fn itself, before the point
  const UsrMap<SiteSet> &OnEntry = RunningOnEntry[A];
  // Towards Fn: per function, the callee its call goes to and where.
  std::map<std::string, std::pair<std::string, SrcLoc>> Next;
  std::set<std::string> Seen{Fn};
  std::deque<std::string> Work{Fn};
  auto Chain = [&](std::vector<std::string> Out, std::string X) {
    while (X != Fn) {
      const auto &[Y, Site] = Next.at(X);
      const FunctionFacts *XF = function(X);
      Out.push_back((XF ? XF->Name : X) + " at " + Site.str());
      X = Y;
    }
    return Out;
  };
  while (!Work.empty()) {
    std::string Cur = std::move(Work.front());
    Work.pop_front();
    if ((Cur == Roots[A].Entry || idKind(Cur) == IdKind::StaticInit) && OnEntry.count(Cur) &&
        Starts(OnEntry.at(Cur)))
      return Chain({}, Cur);
    auto Calls = CalledFrom.find(Cur);
    if (Calls == CalledFrom.end())
      continue;
    for (const auto &[Caller, C] : Calls->second) {
      auto E = OnEntry.find(Caller->Usr);
      if (E == OnEntry.end() || Seen.count(Caller->Usr))
        continue;
      SiteSet Local;
      runningAtCall(*Caller, *C, Local);
      if (Starts(Local)) {
        Next[Caller->Usr] = {Cur, C->Where};
        return Chain(callChain(A, Caller->Usr), Caller->Usr);
      }
      SiteSet In = E->second;
      runningAtCall(*Caller, *C, In);
      if (Starts(In)) {
        Seen.insert(Caller->Usr);
        Next[Caller->Usr] = {Cur, C->Where};
        Work.push_back(Caller->Usr);
      }
    }
  }
  return callChain(A, Fn);
}

// B may have started at a point of A (Here: A's own creations that may be
// running there) when one of B's creations may have run: a creation by A's
// code is one in Here; a creation by another thread C can only come after C
// started, so it may have run if C may have started (recursively: main's
// 'start_workers()' after the point, whose workers start the crawler, start
// nothing before it). A root with no creation seen (main, a guessed root)
// runs from the start. Reachability over the creator graph: Seen cuts cycles
// (a thread that starts copies of itself) as the least fixpoint does.
bool ProgramAnalysis::mayHaveStarted(size_t A, const SiteSet &Here, size_t B,
                                     std::vector<char> &Seen) const {
  if (Roots[B].Sites.empty())
    return true;
  if (Seen[B])
    return false;
  Seen[B] = 1;
  for (const auto &[Site, By] : SiteCreators[B])
    for (size_t C : By)
      if (C == A ? Here.count(Site) != 0 : C != B && mayHaveStarted(A, Here, C, Seen))
        return true;
  return false;
}

// Parked threads
//
// A stop-the-world handshake (memcached's stop_threads and pause_threads):
// the controller takes the gate lock G, resets a check-in count under its
// lock M ('init_count = 0'), asks every worker to check in, and waits until
// the count says all have ('while (init_count < n) pthread_cond_wait(&cv,
// &M)'); a worker checks in by counting itself in under M and then taking G
// ('init_count++; ...; unlock(&M); lock(&G); unlock(&G);'), where it blocks
// until the controller releases G. From the end of that wait until the
// controller releases G, every thread that checks in is parked: it counted
// itself in after the reset (G was already held), so it blocks on G, and the
// count reached the number of such threads. Such a point is ordered with
// every access of those threads, as a point after their join is, and the
// callees the controller calls there inherit that (RunningOnEntry).
//
//   gate        (count X, lock G): some function increments X holding M and
//               takes G after that increment, not holding G at it;
//   parked      the roots that reach such a check-in function;
//   section     in F, the points written after a wait for X that follows a
//               reset of X made holding G (a wait loop on a condition that
//               reads X, waiting on a lock X's increments hold, in F or in a
//               function F calls holding G there), with G still held and
//               not released in between (by F or a callee of a call in
//               between).
// Assumptions (not checked): the count the controller waits for is the
// number of running instances of the parked roots (each checks in once per
// round: it blocks right after counting itself in); the reset and the wait
// are on every path to the point (as a join on some paths counts as a
// join). Limits: a gate released and taken again in a loop around the point
// is not noticed; only a wait loop in F or in its direct callee counts. A
// controller that returns holding G with its section open (pause_threads(
// PAUSE) in its copy for that value, LockEffect::ByValue) parks its caller's
// points after the call that still hold G (until pause_threads(RESUME)
// releases it), one call level up.

void ProgramAnalysis::computeParks() {
  std::map<Gate, std::set<std::string>> CheckIns;
  for (const auto &[Usr, F] : P.Functions)
    for (const CountFact &I : F.Counts) {
      // Check-in counts are globals (a member count serves completions).
      if (I.K != CountFact::Increment || I.Held.empty() || I.Counter.kind() != IdKind::Usr)
        continue;
      for (const LockOpFact &O : F.LockOps) {
        if (O.Kind != LockOpFact::Acquire || !writtenBefore(I.Where, O.Where) ||
            std::find(I.Held.begin(), I.Held.end(), O.Lock) != I.Held.end())
          continue;
        Gate G{I.Counter, O.Lock.Id};
        CheckIns[G].insert(Usr);
        for (const HeldLock &M : I.Held)
          GateCountLocks[G].insert(M.Id);
      }
    }
  if (CheckIns.empty())
    return;
  for (const auto &[Usr, F] : P.Functions)
    for (const LockOpFact &O : F.LockOps)
      if (O.Kind == LockOpFact::Release)
        UnlocksIn[Usr].insert(O.Lock.Id);
  closeOverCalls(P, UnlocksIn);
  for (const auto &[G, Fns] : CheckIns)
    for (size_t R = 0; R < Roots.size(); ++R)
      for (const std::string &Fn : Fns)
        if (Reached[R].count(Fn))
          ParkedRoots[G].insert(R);
  // A wait in Fn for count X, on a lock the gate's increments hold: a
  // condition wait inside a loop whose condition reads X. Its loop's end.
  auto WaitIn = [&](const FunctionFacts &Fn, const Gate &G) -> const SrcLoc * {
    const std::set<Id> &Ms = GateCountLocks[G];
    for (const CountFact &T : Fn.Counts)
      if (T.K == CountFact::Test && T.Counter == G.first)
        for (const LockOpFact &W : Fn.LockOps)
          if (W.InLoop && Ms.count(W.Lock.Id) && waitsInTest(T, W))
            return &T.End;
    return nullptr;
  };
  for (const auto &[Usr, F] : P.Functions)
    for (const CountFact &Rst : F.Counts) {
      if (Rst.K != CountFact::Reset)
        continue;
      for (const auto &[G, Fns] : CheckIns) {
        if (G.first != Rst.Counter || !holdsLock(Rst.Held, G.second))
          continue;
        const SrcLoc *Start = WaitIn(F, G);
        if (Start && !writtenBefore(Rst.Where, *Start))
          Start = nullptr;
        for (const CallFact &C : F.Calls)
          if (!Start && writtenBefore(Rst.Where, C.Where) && holdsLock(C.Held, G.second))
            if (const FunctionFacts *W = function(C.Callee); W && W != &F && WaitIn(*W, G))
              Start = &C.Where;
        if (Start)
          ParkSections[Usr].push_back({G, *Start});
      }
    }
  // A controller that returns with its section open, the gate held at every
  // return and not released after the wait (pause_threads(PAUSE_ALL_THREADS)
  // in its copy for that value, LockEffect::ByValue): in its callers, the
  // points after the call are in the section too, while they hold the gate.
  std::map<std::string, std::vector<ParkSection>> Open;
  for (const auto &[Usr, Sections] : ParkSections) {
    const FunctionFacts *F = function(Usr);
    if (!F || F->Exits.empty())
      continue;
    for (const ParkSection &PS : Sections) {
      const Id &GL = PS.G.second;
      bool HeldAtExits = std::all_of(F->Exits.begin(), F->Exits.end(),
                                     [&](const ExitFact &X) { return holdsLock(X.Held, GL); });
      bool ReleasedAfter = std::any_of(F->LockOps.begin(), F->LockOps.end(), [&](const LockOpFact &O) {
        return O.Kind == LockOpFact::Release && O.Lock.Id == GL && writtenBefore(PS.Start, O.Where);
      });
      if (HeldAtExits && !ReleasedAfter)
        Open[Usr].push_back(PS);
    }
  }
  if (!Open.empty())
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls)
        if (auto It = Open.find(C.Callee); It != Open.end())
          for (const ParkSection &PS : It->second)
            ParkSections[Usr].push_back({PS.G, C.Where});
}

std::vector<ProgramAnalysis::Gate>
ProgramAnalysis::closedGates(const FunctionFacts &F, const SrcLoc &Where, const LockSet &Held,
                             const CallFact *Self) const {
  std::vector<Gate> Out;
  auto Sections = ParkSections.find(F.Usr);
  if (Sections == ParkSections.end())
    return Out;
  for (const ParkSection &PS : Sections->second) {
    const Id &GL = PS.G.second;
    if (!writtenBefore(PS.Start, Where) ||
        std::none_of(Held.begin(), Held.end(), [&](const HeldLock &H) { return H.Id == GL; }))
      continue;
    // The gate stays closed from the wait to here, and through the call.
    auto Opens = [&](const std::string &Callee) {
      auto U = UnlocksIn.find(Callee);
      return U != UnlocksIn.end() && U->second.count(GL);
    };
    bool Open = Self && Opens(Self->Callee);
    for (const LockOpFact &O : F.LockOps)
      Open = Open || (O.Kind == LockOpFact::Release && O.Lock.Id == GL &&
                      writtenBefore(PS.Start, O.Where) && writtenBefore(O.Where, Where));
    for (const CallFact &C : F.Calls)
      Open = Open || (&C != Self && writtenBefore(PS.Start, C.Where) &&
                      writtenBefore(C.Where, Where) && Opens(C.Callee));
    if (!Open)
      Out.push_back(PS.G);
  }
  return Out;
}

bool ProgramAnalysis::parkedAt(const FunctionFacts &F, const SrcLoc &Where, const LockSet &Held,
                               const CallFact *Self, const SpawnFact &S) const {
  auto Started = RootsAt.find(&S);
  if (Started == RootsAt.end())
    return false;
  for (const Gate &G : closedGates(F, Where, Held, Self)) {
    auto Parked = ParkedRoots.find(G);
    if (Parked != ParkedRoots.end() &&
        std::all_of(Started->second.begin(), Started->second.end(),
                    [&](size_t R) { return Parked->second.count(R) != 0; }))
      return true;
  }
  return false;
}

// A controller need not have started the threads it parks (memcached's
// assoc maintenance thread pauses the workers main started): root B is
// parked at a point of A's function Fn inside a section of a gate B checks
// in at, or at any point of a function A enters only through calls made
// inside such sections that it does not open (assoc_expand, called between
// pause_threads(PAUSE_ALL_THREADS) and pause_threads(RESUME_ALL_THREADS)).
bool ProgramAnalysis::parkedRoot(size_t A, const std::string &Fn, const SrcLoc &Where,
                                 const LockSet *Held, size_t B, unsigned Depth) const {
  if (ParkSections.empty() || Depth > 4)
    return false;
  const FunctionFacts *F = function(Fn);
  if (!F)
    return false;
  auto Parks = [&](const std::vector<Gate> &Gs) {
    return std::any_of(Gs.begin(), Gs.end(), [&](const Gate &G) {
      auto P = ParkedRoots.find(G);
      return P != ParkedRoots.end() && P->second.count(B) && !P->second.count(A);
    });
  };
  if (Held && Parks(closedGates(*F, Where, *Held, nullptr)))
    return true;
  auto Callers = CalledFrom.find(Fn);
  if (Callers == CalledFrom.end() || Fn == Roots[A].Entry)
    return false;
  // Fn (or a callee) may release a gate lock: its points are not all inside.
  if (auto U = UnlocksIn.find(Fn); U != UnlocksIn.end())
    for (const auto &[G, Rs] : ParkedRoots)
      if (U->second.count(G.second))
        return false;
  bool Any = false;
  for (const auto &[Caller, C] : Callers->second) {
    if (!Reached[A].count(Caller->Usr) || !followsCall(A, Caller->Usr, *C))
      continue;
    if (!parkedRoot(A, Caller->Usr, C->Where, &C->Held, B, Depth + 1))
      return false;
    Any = true;
  }
  return Any;
}

// Happens-before through atomics
//
// Message passing: 'payload = 42; atomic_store(&ready, 1);' in one thread,
// 'while (!atomic_load(&ready)); return payload;' in another. A release
// store (or read-modify-write; seq_cst counts) of an atomic that is written
// after X in X's function, or in a call made after X, synchronises with an
// acquire load of it that the other function waits on in a loop condition
// before Y (itself or in a call made before Y): X happens before Y. Relaxed
// operations order nothing. A release inside a loop is ignored (the consumer
// may have seen an earlier round's release while X of the next round runs).
// Known limit: the acquire is taken to read the release's value (one
// hand-off per flag); a flag reset and reused is not told apart.
//
// Plain polls: a loop whose condition reads a plain location and that
// changes nothing its condition reads ('while (pool->alive) sleep(1);',
// 'while (!stop) ..', extract pollLoop) waits for another thread's plain
// write of it, and the plain writes outside loops that do not count it up
// are its releases (a thread that checks in twice, 'n++; ..; n++;', may have
// satisfied a 'while (n < k)' with its first check-in: counted check-ins
// are the parked threads' rule above). A count-down ('alive--') releases
// only a poll that leaves on zero ('while (alive)'; Channel): C-Thread-Pool's
// 'while (alive != n) {}' waits for the workers' check-ins at start, not for
// their check-outs at exit. The
// poll is itself a data race and is reported; what it was written to order
// (a worker's last accesses before 'pool->alive--', the pool's teardown after
// the poll) is not reported again as races of its own. The compiler may
// hoist an unsynchronised read out of the loop: the fix is the flag's, and
// fixing it (an atomic, a lock) orders the rest.

void ProgramAnalysis::computeSyncs() {
  for (const auto &[Usr, F] : P.Functions)
    for (const SyncFact &S : F.Syncs)
      if (!S.Release && S.Spin) {
        for (const Channel &C : channels(S))
          AcquiresIn[Usr].insert(C);
        Spun.insert(S.Loc);
      }
  for (const auto &[Usr, F] : P.Functions) {
    for (const SyncFact &S : F.Syncs)
      if (S.Release && !S.InLoop)
        ReleasesIn[Usr].insert({S.Loc, false});
    for (const AccessFact &W : F.Accesses)
      if (plainRelease(W))
        ReleasesIn[Usr].insert({W.Loc, W.CountsDown});
  }
  for (auto *M : {&ReleasesIn, &AcquiresIn})
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const auto &[Usr, F] : P.Functions)
        for (const CallFact &C : F.Calls) {
          if (C.Callee == Usr || (M == &ReleasesIn && C.InLoop))
            continue;
          auto It = M->find(C.Callee);
          if (It == M->end())
            continue;
          std::set<Channel> Add = It->second;
          std::set<Channel> &Mine = (*M)[Usr];
          size_t Before = Mine.size();
          Mine.insert(Add.begin(), Add.end());
          Changed = Changed || Mine.size() != Before;
        }
    }
}

ProgramAnalysis::SyncPoints ProgramAnalysis::syncsAround(size_t R, const FunctionFacts &F,
                                                         const SrcLoc &Where, bool Release,
                                                         unsigned Depth) const {
  auto Ordered = [&](const SrcLoc &At) {
    return Release ? writtenBefore(Where, At) : writtenBefore(At, Where);
  };
  SyncPoints Out;
  for (const SyncFact &S : F.Syncs)
    if (Release ? S.Release && !S.InLoop : !S.Release && S.Spin)
      if (Ordered(S.Where))
        for (const Channel &C : channels(S))
          Out[C].push_back({&F, S.Where});
  if (Release)
    for (const AccessFact &W : F.Accesses)
      if (plainRelease(W) && Ordered(W.Where))
        Out[{W.Loc, W.CountsDown}].push_back({&F, W.Where});
  const auto &Summary = Release ? ReleasesIn : AcquiresIn;
  for (const CallFact &C : F.Calls)
    if (!(Release && C.InLoop) && Ordered(C.Where))
      if (auto It = Summary.find(C.Callee); It != Summary.end())
        for (const Channel &L : It->second)
          Out[L].push_back({&F, C.Where});
  // Every call path of R into F: what all the callers do after (before) it.
  auto Callers = CalledFrom.find(F.Usr);
  if (Depth >= 4 || R >= Roots.size() || F.Usr == Roots[R].Entry || Callers == CalledFrom.end())
    return Out;
  std::optional<SyncPoints> Common;
  for (const auto &[Caller, C] : Callers->second) {
    if (!Reached[R].count(Caller->Usr) || !followsCall(R, Caller->Usr, *C))
      continue;
    SyncPoints S = syncsAround(R, *Caller, C->Where, Release, Depth + 1);
    if (Common) {
      SyncPoints Both;
      for (auto &[L, Ps] : S)
        if (auto It = Common->find(L); It != Common->end()) {
          Both[L] = std::move(It->second);
          Both[L].insert(Both[L].end(), Ps.begin(), Ps.end());
        }
      S = std::move(Both);
    }
    Common = std::move(S);
    if (Common->empty())
      break;
  }
  if (Common)
    for (auto &[L, Ps] : *Common)
      Out[L].insert(Out[L].end(), Ps.begin(), Ps.end());
  return Out;
}

/// The thread handles of F live at Where, as far as Y (an access of FY)
/// tells: those live at Y (in Y's function) or at F's return (elsewhere)
/// that were started before Where. Fewer than all: a spin that may not see
/// X's thread orders nothing.
static std::vector<std::string> liveAt(const FunctionFacts &F, const SrcLoc &Where,
                                       const FunctionFacts &FY, const AccessFact &Y) {
  std::vector<std::string> Out;
  for (const std::string &H : &F == &FY ? Y.Live : F.LiveAtExit)
    if (std::any_of(F.Spawns.begin(), F.Spawns.end(), [&](const SpawnFact &S) {
          return S.Handle == H && writtenBefore(S.Where, Where);
        }))
      Out.push_back(H);
  return Out;
}

bool ProgramAnalysis::orderedByAtomic(size_t RX, const FunctionFacts &FX, const AccessFact &X,
                                      size_t RY, const FunctionFacts &FY,
                                      const AccessFact &Y) const {
  if (ReleasesIn.empty() || AcquiresIn.empty())
    return false;
  const SyncPoints Acquired = syncsAround(RY, FY, Y.Where, false);
  if (Acquired.empty())
    return false;
  const SyncPoints Released = syncsAround(RX, FX, X.Where, true);
  for (const auto &[L, Rs] : Released) {
    auto It = Acquired.find(L);
    if (It == Acquired.end())
      continue;
    // The spin saw a release of X's thread only if that thread may run
    // there: a spin before X's thread was started waited for others
    // (enkiTS's StopThreads, waiting for the last workers to count
    // themselves out, before StartThreads starts new ones).
    if (RX == RY || std::any_of(It->second.begin(), It->second.end(), [&](const SyncPoint &P) {
          return mayRunAt(RY, P.first->Usr, P.second, liveAt(*P.first, P.second, FY, Y), RX);
        }))
      return true;
  }
  return false;
}

} // namespace parcheck
