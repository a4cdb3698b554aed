//===- Analysis.cpp - whole-program analysis over merged facts ------------===//
//
// Glossary
//   root        a function a thread starts in (main, a pthread_create entry, a
//               lambda given to std::thread ...). One root may have many
//               instances (created in a loop or at several sites).
//   reach       the functions a root calls, transitively, with the locks held
//               on entry to each: the intersection over every call path, so a
//               lock counts only if it is held however the function is reached.
//   live        thread handles created and not yet joined at a point of the
//               function that created them; an access in main before the first
//               pthread_create or after the last join has none, so it cannot
//               run at the same time as those threads.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "facts/Ids.h"

#include <algorithm>
#include <deque>
#include <tuple>

namespace parcheck {

ProgramAnalysis::ProgramAnalysis(const Program &P) : P(P), Acquired(summariseAcquisitions(P)) {
  unify();
  findRoots();
  Reached.resize(Roots.size());
  for (size_t R = 0; R < Roots.size(); ++R)
    reach(R);
  bool HasMain = keepProgramRoots();
  // A function that creates threads but no root reaches (a library entry, a
  // test fixture) runs on some thread of its own: make it a root. Not in a
  // program with a main: there it is another program's code (or dead).
  for (const auto &[Usr, F] : P.Functions) {
    if (F.Spawns.empty() || HasMain)
      continue;
    bool Seen = false;
    for (const auto &M : Reached)
      Seen = Seen || M.count(Usr);
    if (Seen)
      continue;
    Root R;
    R.Entry = Usr;
    R.Name = F.Name;
    Roots.push_back(R);
    Reached.emplace_back();
    reach(Roots.size() - 1);
  }
  // A scoped thread whose creating function runs on one single-instance root
  // (called several times, one call after another) never overlaps itself.
  for (size_t R = 0; R < Roots.size(); ++R)
    if (Roots[R].ManyByRepeatedCreator && Roots[R].Scoped) {
      size_t P = parentOf(R);
      if (P != Roots.size() && !Roots[P].Many)
        Roots[R].Many = false;
    }
  resolveParams();
  shareClasses();
  computeRunning();
  computeEscapes();
  computeOwnership();
  computeSyncs();
}

// Programs are defined by reachability: the facts of a program are its main's
// TU plus every TU without a main, so a library TU may hold the thread
// creations of another program (a server's workers next to a benchmark
// tool's main). A thread belongs to this program when main reaches one of its
// creations, directly or through threads that belong. Known limit: a creation
// reached only through a function value resolveFunctionValues() does not
// follow (FunctionValues.h) is dropped with the other programs' threads.
bool ProgramAnalysis::keepProgramRoots() {
  std::vector<bool> Keep(Roots.size(), false);
  bool HasMain = false;
  for (size_t R = 0; R < Roots.size(); ++R)
    if (Roots[R].IsMain)
      Keep[R] = HasMain = true;
  if (!HasMain)
    return false;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (size_t B = 0; B < Roots.size(); ++B)
      for (size_t S = 0; S < Roots[B].Sites.size() && !Keep[B]; ++S)
        for (size_t R = 0; R < Roots.size() && !Keep[B]; ++R)
          if (Keep[R] && Reached[R].count(Roots[B].Sites[S].Spawner))
            Keep[B] = Changed = true;
  }
  std::vector<Root> KeptRoots;
  std::vector<std::map<std::string, Reach>> KeptReached;
  for (size_t R = 0; R < Roots.size(); ++R)
    if (Keep[R]) {
      KeptRoots.push_back(std::move(Roots[R]));
      KeptReached.push_back(std::move(Reached[R]));
    }
  Roots = std::move(KeptRoots);
  Reached = std::move(KeptReached);
  return true;
}

const FunctionFacts *ProgramAnalysis::function(const std::string &Usr) const {
  auto It = P.Functions.find(Usr);
  return It == P.Functions.end() ? nullptr : &It->second;
}

std::string ProgramAnalysis::find(const std::string &X) const {
  std::string C = X;
  for (auto It = AliasOf.find(C); It != AliasOf.end() && It->second != C; It = AliasOf.find(C))
    C = It->second;
  return C;
}

void ProgramAnalysis::unify() {
  // Union by taking the smaller id as the representative: deterministic.
  for (const auto &[A, B] : P.Aliases) {
    std::string RA = find(A), RB = find(B);
    if (RA == RB)
      continue;
    if (RB < RA)
      std::swap(RA, RB);
    AliasOf[RB] = RA;
    AliasOf.emplace(RA, RA);
  }
}

std::string ProgramAnalysis::canonical(const std::string &Loc) const {
  if (AliasOf.empty())
    return Loc;
  return find(Loc);
}

void ProgramAnalysis::findRoots() {
  std::map<std::string, size_t> ByEntry;
  for (const auto &[Usr, F] : P.Functions)
    if (F.IsMain) {
      Root R;
      R.Entry = Usr;
      R.Name = "main";
      R.IsMain = true;
      ByEntry[Usr] = Roots.size();
      Roots.push_back(R);
    }
  // How often each function is called, and whether from a loop.
  std::map<std::string, unsigned> CallCount;
  std::set<std::string> CalledInLoop;
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls) {
      ++CallCount[C.Callee];
      if (C.InLoop)
        CalledInLoop.insert(C.Callee);
    }
  for (const auto &[Usr, F] : P.Functions)
    for (const SpawnFact &S : F.Spawns) {
      if (S.Entry.empty())
        continue;
      auto It = ByEntry.find(S.Entry);
      if (It == ByEntry.end()) {
        Root R;
        R.Entry = S.Entry;
        const FunctionFacts *EF = function(S.Entry);
        R.Name = EF ? EF->Name : S.EntryName;
        if (R.Name.empty())
          R.Name = S.EntryName;
        It = ByEntry.emplace(S.Entry, Roots.size()).first;
        Roots.push_back(R);
      }
      Root &R = Roots[It->second];
      bool WasScoped = R.Sites.empty() || R.Scoped;
      R.Sites.push_back({&S, Usr});
      R.Scoped = WasScoped && std::find(F.LiveAtExit.begin(), F.LiveAtExit.end(), S.Handle) ==
                                  F.LiveAtExit.end() &&
                 R.Sites.front().Spawner == Usr;
      bool SpawnerRepeats = CallCount[Usr] > 1 || CalledInLoop.count(Usr);
      if (S.InLoop && !S.JoinedInSameLoop)
        R.Many = true, R.ManyByRepeatedCreator = false;
      else if (SpawnerRepeats && !R.Many)
        R.Many = R.ManyByRepeatedCreator = true;
      // Several sites overlap unless each was joined before the next started.
      for (size_t I = 0; I + 1 < R.Sites.size(); ++I) {
        const Root::Site &Old = R.Sites[I];
        const auto &LiveNew = S.LiveAtSpawn, &LiveOld = Old.Spawn->LiveAtSpawn;
        if (Old.Spawner != Usr ||
            std::find(LiveNew.begin(), LiveNew.end(), Old.Spawn->Handle) != LiveNew.end() ||
            std::find(LiveOld.begin(), LiveOld.end(), S.Handle) != LiveOld.end())
          R.Many = true, R.ManyByRepeatedCreator = false;
      }
    }
}

void ProgramAnalysis::reach(size_t RI) {
  std::map<std::string, Reach> &M = Reached[RI];
  std::deque<std::string> Work;
  Reach Start;
  for (const Root::Site &S : Roots[RI].Sites) {
    std::map<unsigned, std::string> Ctx;
    for (size_t I = 0; I < S.Spawn->Args.size(); ++I)
      if (S.Spawn->Args[I].K == ObjRef::Var) {
        Start.Args[unsigned(I)].insert(S.Spawn->Args[I].Id);
        Ctx[unsigned(I)] = S.Spawn->Args[I].Id;
      }
    if (!Ctx.empty() && Start.Contexts.size() < Reach::MaxContexts)
      Start.Contexts.insert(Ctx);
  }
  M[Roots[RI].Entry] = Start;
  Work.push_back(Roots[RI].Entry);
  // Global constructors run on the main thread before main.
  if (Roots[RI].IsMain)
    for (const auto &[Usr, F] : P.Functions)
      if (idKind(Usr) == IdKind::StaticInit && M.emplace(Usr, Reach()).second)
        Work.push_back(Usr);
  while (!Work.empty()) {
    std::string Fn = Work.front();
    Work.pop_front();
    const FunctionFacts *F = function(Fn);
    if (!F)
      continue;
    Reach Here = M[Fn];
    for (const CallFact &C : F->Calls) {
      if (!function(C.Callee))
        continue;
      // Locks held at the call site: the caller's entry locks plus its own,
      // its lock parameters bound as this root binds them.
      LockSet Held = Here.EntryLocks;
      dropLocks(Held, C.Dropped, Fn, Here);
      for (HeldLock H : C.Held) {
        if (std::optional<unsigned> PI = paramIndex(H.Id, Fn)) {
          auto B = Here.Args.find(*PI);
          if (B != Here.Args.end() && B->second.size() == 1)
            H.Id = *B->second.begin();
        }
        if (!std::binary_search(Held.begin(), Held.end(), H))
          Held.insert(std::lower_bound(Held.begin(), Held.end(), H), H);
      }
      // The callee's parameter bindings in each of the caller's contexts.
      std::set<std::map<unsigned, std::string>> Contexts;
      std::vector<std::map<unsigned, std::string>> CallerContexts(Here.Contexts.begin(),
                                                                  Here.Contexts.end());
      if (CallerContexts.empty())
        CallerContexts.emplace_back();
      for (const auto &Cx : CallerContexts) {
        std::map<unsigned, std::string> T;
        for (size_t I = 0; I < C.Args.size(); ++I) {
          const ObjRef &O = C.Args[I];
          if (O.K == ObjRef::Var)
            T[unsigned(I)] = O.Id;
          else if (std::optional<unsigned> PI;
                   O.K == ObjRef::Param && (PI = paramIndex(O.Id, Fn))) {
            auto B = Cx.find(*PI);
            if (B != Cx.end())
              T[unsigned(I)] = B->second;
          }
        }
        if (!T.empty())
          Contexts.insert(T);
      }
      // What the callee's parameters are bound to on this path.
      std::map<unsigned, std::set<std::string>> Args;
      for (size_t I = 0; I < C.Args.size(); ++I) {
        const ObjRef &O = C.Args[I];
        if (O.K == ObjRef::Var)
          Args[unsigned(I)].insert(O.Id);
        else if (std::optional<unsigned> PI;
                 O.K == ObjRef::Param && (PI = paramIndex(O.Id, Fn))) {
          auto B = Here.Args.find(*PI);
          if (B != Here.Args.end())
            Args[unsigned(I)].insert(B->second.begin(), B->second.end());
        }
      }
      std::set<std::string> Live = Here.Live;
      Live.insert(C.Live.begin(), C.Live.end());
      auto It = M.find(C.Callee);
      if (It == M.end()) {
        Reach R;
        R.EntryLocks = Held;
        R.Live = Live;
        R.Caller = Fn;
        R.CallSite = C.Where;
        R.Args = Args;
        for (const auto &T : Contexts)
          if (R.Contexts.size() < Reach::MaxContexts)
            R.Contexts.insert(T);
        M.emplace(C.Callee, R);
        Work.push_back(C.Callee);
        continue;
      }
      Reach &R = It->second;
      LockSet Common;
      for (const HeldLock &H : R.EntryLocks)
        if (std::binary_search(Held.begin(), Held.end(), H))
          Common.push_back(H);
      size_t LiveBefore = R.Live.size();
      R.Live.insert(Live.begin(), Live.end());
      bool ArgsGrew = false;
      for (auto &[I, Ids] : Args) {
        size_t Before = R.Args[I].size();
        R.Args[I].insert(Ids.begin(), Ids.end());
        ArgsGrew = ArgsGrew || R.Args[I].size() != Before;
      }
      for (const auto &T : Contexts)
        if (R.Contexts.size() < Reach::MaxContexts && R.Contexts.insert(T).second)
          ArgsGrew = true;
      if (Common.size() != R.EntryLocks.size() || R.Live.size() != LiveBefore || ArgsGrew) {
        R.EntryLocks = Common;
        Work.push_back(C.Callee);
      }
    }
  }
}

void ProgramAnalysis::resolveParams() {
  std::map<std::string, std::vector<ObjRef>> Direct;
  for (const auto &[Usr, F] : P.Functions) {
    for (const CallFact &C : F.Calls)
      for (const ObjRef &O : C.Args)
        if (O.K == ObjRef::Var)
          ObjNames.emplace(O.Id, O.Name);
    for (const SpawnFact &S : F.Spawns)
      for (const ObjRef &O : S.Args)
        if (O.K == ObjRef::Var)
          ObjNames.emplace(O.Id, O.Name);
    for (const CallFact &C : F.Calls)
      for (size_t I = 0; I < C.Args.size(); ++I)
        if (C.Args[I].K == ObjRef::Var || C.Args[I].K == ObjRef::Param)
          Direct[paramId(C.Callee, I)].push_back(C.Args[I]);
    for (const SpawnFact &S : F.Spawns)
      for (size_t I = 0; I < S.Args.size(); ++I)
        if (S.Args[I].K == ObjRef::Var || S.Args[I].K == ObjRef::Param)
          Direct[paramId(S.Entry, I)].push_back(S.Args[I]);
  }
  // Follow parameter-to-parameter bindings to variables (depth-bounded).
  for (const auto &[Param, Objs] : Direct) {
    std::vector<ObjRef> Out;
    std::set<std::string> Seen{Param};
    std::vector<ObjRef> Todo = Objs;
    while (!Todo.empty()) {
      ObjRef O = Todo.back();
      Todo.pop_back();
      if (O.K == ObjRef::Var) {
        bool Dup = false;
        for (const ObjRef &X : Out)
          Dup = Dup || (X.Id == O.Id && X.PerInstance == O.PerInstance);
        if (!Dup)
          Out.push_back(O);
        continue;
      }
      if (!Seen.insert(O.Id).second)
        continue;
      auto It = Direct.find(O.Id);
      if (It != Direct.end())
        for (ObjRef N : It->second) {
          N.PerInstance = N.PerInstance || O.PerInstance;
          Todo.push_back(N);
        }
    }
    std::sort(Out.begin(), Out.end(), [](const ObjRef &A, const ObjRef &B) {
      return std::tie(A.Id, A.PerInstance) < std::tie(B.Id, B.PerInstance);
    });
    ParamTargets[Param] = Out;
  }
}

void ProgramAnalysis::shareClasses() {
  std::set<std::string> Shared = P.SharedClasses, Private;
  for (const auto &[Usr, F] : P.Functions)
    for (const SpawnFact &S : F.Spawns)
      for (const ObjRef &O : S.Escapes)
        if (O.K == ObjRef::Class && !O.Id.empty())
          (O.PerInstance ? Private : Shared).insert(O.Id);
  auto Close = [&](std::set<std::string> &S) {
    std::deque<std::string> Work(S.begin(), S.end());
    while (!Work.empty()) {
      std::string C = Work.front();
      Work.pop_front();
      auto It = P.ClassFields.find(C);
      if (It == P.ClassFields.end())
        continue;
      for (const std::string &F : It->second)
        if (S.insert(F).second)
          Work.push_back(F);
    }
  };
  Close(Shared);
  Close(Private);
  SharedClasses = Shared;
  for (const std::string &C : Private)
    if (!Shared.count(C))
      PerInstanceClasses.insert(C);
}

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

HeldLock ProgramAnalysis::resolveLockIn(size_t R, const std::string &Fn,
                                        const HeldLock &H) const {
  if (std::optional<unsigned> PI = paramIndex(H.Id, Fn)) {
    auto It = Reached[R].find(Fn);
    if (It != Reached[R].end()) {
      auto B = It->second.Args.find(*PI);
      if (B != It->second.Args.end() && B->second.size() == 1) {
        HeldLock X = H;
        X.Id = *B->second.begin();
        auto N = ObjNames.find(X.Id);
        if (N != ObjNames.end())
          X.Name = N->second;
        return X;
      }
    }
  }
  return resolveLock(H);
}

void ProgramAnalysis::dropLocks(LockSet &Held, const std::vector<std::string> &Dropped,
                                const std::string &Fn, const Reach &Here) const {
  for (const std::string &D : Dropped) {
    std::string Id = D;
    if (std::optional<unsigned> PI = paramIndex(D, Fn)) {
      auto B = Here.Args.find(*PI);
      if (B != Here.Args.end() && B->second.size() == 1)
        Id = *B->second.begin();
    }
    std::string R = resolveLock(HeldLock{Id, "", false, {}}).Id;
    Held.erase(std::remove_if(Held.begin(), Held.end(),
                              [&](const HeldLock &H) {
                                return H.Id == Id || H.Id == D || resolveLock(H).Id == R;
                              }),
               Held.end());
  }
}

HeldLock ProgramAnalysis::resolveLock(const HeldLock &H) const {
  ParsedId X = parseId(H.Id);
  bool Array = X.Kind == IdKind::Array;
  llvm::StringRef Param = Array ? X.Key : llvm::StringRef(H.Id);
  if (idKind(Param) != IdKind::Param)
    return H;
  auto It = ParamTargets.find(Param.str());
  if (It == ParamTargets.end() || It->second.size() != 1)
    return H;
  HeldLock R = H;
  R.Id = Array ? makeId(IdKind::Array, It->second[0].Id) : It->second[0].Id;
  R.Name = It->second[0].Name + (Array ? "[]" : "");
  return R;
}

std::vector<std::string> ProgramAnalysis::callChain(size_t R, const std::string &Fn) const {
  std::vector<std::string> Chain;
  std::set<std::string> Seen;
  std::string Cur = Fn;
  while (Seen.insert(Cur).second) {
    auto It = Reached[R].find(Cur);
    if (It == Reached[R].end() || It->second.Caller.empty())
      break;
    const FunctionFacts *F = function(It->second.Caller);
    Chain.push_back((F ? F->Name : It->second.Caller) + " at " + It->second.CallSite.str());
    Cur = It->second.Caller;
  }
  std::reverse(Chain.begin(), Chain.end());
  return Chain;
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
// A call may precede a point of its function when it is inside a loop, or
// is written before it or at it (or in another file). Known limits: a
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
// (in F, or in a call of F) is written before that point and every place F
// (re)starts that site (its own spawn, a call that leaves it running) is
// written before that join; likewise at F's exit, for Escaping. Known limits:
// a join of a member joins that member in every object of the class (one
// 'svc' at a time, as servers have); a join on only some paths ('if (t)
// pthread_join(t, 0)') counts as a join; a restart in a loop around the join
// is not seen.

namespace {

/// May the call C run before a point at Where of the same function? (Self:
/// the point is C itself, which precedes itself only in a loop.)
bool callMayPrecede(const CallFact &C, const SrcLoc &Where, bool Self) {
  if (C.InLoop)
    return true;
  if (Self)
    return false;
  if (C.Where.File != Where.File || !C.Where.valid() || !Where.valid())
    return true;
  return std::tie(C.Where.Line, C.Where.Col) <= std::tie(Where.Line, Where.Col);
}

} // namespace

namespace {

/// Is A written strictly before B in the same file?
bool writtenBefore(const SrcLoc &A, const SrcLoc &B) {
  return A.File == B.File && A.valid() && B.valid() &&
         std::tie(A.Line, A.Col) < std::tie(B.Line, B.Col);
}

} // namespace

bool ProgramAnalysis::joinedBefore(const FunctionFacts &F, const SpawnFact &S,
                                   const SrcLoc *Where, const CallFact *Self) const {
  if (S.SharedHandle.empty())
    return false;
  const SrcLoc *Last = nullptr;
  auto Consider = [&](const SrcLoc &J) {
    if ((!Where || writtenBefore(J, *Where)) && (!Last || writtenBefore(*Last, J)))
      Last = &J;
  };
  for (const JoinFact &J : F.Joins)
    if (J.Handle == S.SharedHandle)
      Consider(J.Where);
  for (const CallFact &C : F.Calls) {
    if (&C == Self)
      continue;
    auto It = JoinsIn.find(C.Callee);
    if (It != JoinsIn.end() && It->second.count(S.SharedHandle))
      Consider(C.Where);
  }
  if (!Last)
    return false;
  // Every start of the site in F comes before that join.
  for (const SpawnFact &Sp : F.Spawns)
    if (&Sp == &S && !writtenBefore(Sp.Where, *Last))
      return false;
  for (const CallFact &C : F.Calls) {
    auto E = Escaping.find(C.Callee);
    if (E != Escaping.end() && E->second.count(&S) && !writtenBefore(C.Where, *Last))
      return false;
  }
  return true;
}

void ProgramAnalysis::runningBefore(const FunctionFacts &F, const SrcLoc &Where,
                                    const std::vector<std::string> &Live,
                                    const CallFact *Self, SiteSet &Out) const {
  for (const SpawnFact &S : F.Spawns)
    if (std::find(Live.begin(), Live.end(), S.Handle) != Live.end())
      Out.insert(&S);
  for (const CallFact &C : F.Calls) {
    auto E = Escaping.find(C.Callee);
    if (E == Escaping.end() || E->second.empty())
      continue;
    if (callMayPrecede(C, Where, &C == Self))
      Out.insert(E->second.begin(), E->second.end());
  }
  for (auto It = Out.begin(); It != Out.end();)
    It = joinedBefore(F, **It, &Where, Self) ? Out.erase(It) : std::next(It);
}

void ProgramAnalysis::computeRunning() {
  for (const auto &[Usr, F] : P.Functions)
    for (const JoinFact &J : F.Joins)
      JoinsIn[Usr].insert(J.Handle);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls) {
        auto E = JoinsIn.find(C.Callee);
        if (E == JoinsIn.end() || C.Callee == Usr)
          continue;
        std::set<std::string> &Mine = JoinsIn[Usr];
        size_t Before = Mine.size();
        Mine.insert(E->second.begin(), E->second.end());
        Changed = Changed || Mine.size() != Before;
      }
  }
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
      SiteSet &Mine = Escaping[Usr];
      if (New.size() > Mine.size()) {
        Mine = std::move(New);
        Changed = true;
      }
    }
  }
  Creators.assign(Roots.size(), {});
  for (size_t B = 0; B < Roots.size(); ++B)
    for (const Root::Site &S : Roots[B].Sites)
      for (size_t R = 0; R < Roots.size(); ++R)
        if (Reached[R].count(S.Spawner))
          Creators[B].insert(R);
  RunningOnEntry.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R) {
    std::map<std::string, SiteSet> &M = RunningOnEntry[R];
    // Global constructors run before main, in an order not known here.
    SiteSet Static;
    if (Roots[R].IsMain)
      for (const auto &[Usr, F] : P.Functions)
        if (idKind(Usr) == IdKind::StaticInit) {
          auto E = Escaping.find(Usr);
          if (E != Escaping.end())
            Static.insert(E->second.begin(), E->second.end());
        }
    std::deque<std::string> Work;
    for (const auto &[Usr, Rch] : Reached[R]) {
      M[Usr] = Usr == Roots[R].Entry || idKind(Usr) == IdKind::StaticInit ? Static : SiteSet();
      Work.push_back(Usr);
    }
    while (!Work.empty()) {
      std::string Fn = Work.front();
      Work.pop_front();
      const FunctionFacts *F = function(Fn);
      if (!F)
        continue;
      for (const CallFact &C : F->Calls) {
        auto It = M.find(C.Callee);
        if (It == M.end())
          continue;
        SiteSet In = M[Fn];
        runningBefore(*F, C.Where, C.Live, &C, In);
        size_t Before = It->second.size();
        It->second.insert(In.begin(), In.end());
        if (It->second.size() != Before)
          Work.push_back(C.Callee);
      }
    }
  }
}

bool ProgramAnalysis::mayRunAt(size_t A, const std::string &Fn, const SrcLoc &Where,
                               const std::vector<std::string> &Live, size_t B) const {
  if (A == B || Roots[A].Many || Roots[B].Sites.empty())
    return true;
  if (Creators[B].size() != 1 || *Creators[B].begin() != A)
    return true;
  const FunctionFacts *F = function(Fn);
  auto E = RunningOnEntry[A].find(Fn);
  if (!F || E == RunningOnEntry[A].end())
    return true;
  SiteSet Here = E->second;
  runningBefore(*F, Where, Live, nullptr, Here);
  for (const Root::Site &S : Roots[B].Sites)
    if (Here.count(S.Spawn))
      return true;
  return false;
}

} // namespace parcheck

namespace parcheck {

// Ownership and escape
//
// As RacerD's ownership: memory only one thread can reach is not shared.
//   * A fresh object (new, malloc, an *alloc* wrapper) held by a local
//     pointer is private until its pointer is published: stored, returned,
//     captured, handed to a thread or an indirect call (the extractor's
//     dataflow, AccessFact::Fresh). Handing it to a direct call of user code
//     publishes it only if that parameter escapes (FreshVia).
//   * A parameter escapes when its function lets the pointer value go
//     (FunctionFacts::EscapingParams) or forwards it to a call whose
//     parameter escapes, or to a callee the facts do not have.
//   * A local whose address only goes directly to calls (ArgOnlyLocals),
//     none of which lets it escape, belongs to its function's activation: two
//     threads running that function have two of them.
// Known limits: library functions (system headers) are taken not to publish
// what they are given, except the thread APIs; a pointer recovered from a
// fresh object's own fields is not fresh.

void ProgramAnalysis::computeEscapes() {
  for (const auto &[Usr, F] : P.Functions)
    for (unsigned I : F.EscapingParams)
      EscapingParams.insert(paramId(Usr, I));
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions) {
      for (const CallFact &C : F.Calls)
        for (size_t J = 0; J < C.Args.size(); ++J)
          if (C.Args[J].K == ObjRef::Param && isParamOf(C.Args[J].Id, Usr) &&
              !EscapingParams.count(C.Args[J].Id) &&
              (!function(C.Callee) || EscapingParams.count(paramId(C.Callee, unsigned(J)))))
            Changed = EscapingParams.insert(C.Args[J].Id).second || Changed;
      for (const SpawnFact &S : F.Spawns)
        for (const ObjRef &O : S.Args)
          if (O.K == ObjRef::Param && isParamOf(O.Id, Usr))
            Changed = EscapingParams.insert(O.Id).second || Changed;
    }
  }
  for (const auto &[Usr, F] : P.Functions)
    for (const std::string &L : F.ArgOnlyLocals) {
      if (AliasOf.count(L))
        continue;
      bool Private = true;
      // An argument naming L: its address (or a path inside it), or L as an
      // object of a class passed by address (ObjRef::Obj).
      auto Names = [&](const ObjRef &O) {
        const std::string &Id = O.K == ObjRef::Class ? O.Obj : O.Id;
        return (O.K == ObjRef::Var || O.K == ObjRef::Class) &&
               (Id == L || (Id.size() > L.size() && Id.compare(0, L.size(), L) == 0 &&
                            Id[L.size()] == '.'));
      };
      for (const CallFact &C : F.Calls)
        for (size_t J = 0; J < C.Args.size() && Private; ++J)
          if (Names(C.Args[J]) && paramEscapes(C.Callee, unsigned(J)))
            Private = false;
      for (const SpawnFact &S : F.Spawns)
        for (const ObjRef &O : S.Args)
          Private = Private && !Names(O);
      if (Private)
        PrivateLocals.insert(L);
    }
}

bool ProgramAnalysis::paramEscapes(const std::string &Fn, unsigned I) const {
  return !function(Fn) || EscapingParams.count(paramId(Fn, I));
}

bool ProgramAnalysis::privateLocal(const std::string &Loc) const {
  if (PrivateLocals.empty() || idKind(Loc) != IdKind::Local)
    return false;
  // "local:<owner>|<var>[.path]": USRs contain dots, so try each prefix.
  for (size_t Dot = Loc.size(); Dot != std::string::npos && Dot > 0; Dot = Loc.rfind('.', Dot - 1))
    if (PrivateLocals.count(Loc.substr(0, Dot)))
      return true;
  return false;
}

bool ProgramAnalysis::freshPrivate(const AccessFact &A) const {
  return A.Fresh && freshVia(A.FreshVia);
}

bool ProgramAnalysis::freshVia(const std::vector<std::string> &Vias) const {
  for (const std::string &Via : Vias) {
    if (EscapingParams.count(Via))
      return false;
    ParsedId X = parseId(Via);
    std::string Fn = X.Key.substr(0, X.Key.rfind('#')).str();
    if (!function(Fn))
      return false;
  }
  return true;
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

void ProgramAnalysis::computeSyncs() {
  for (const auto &[Usr, F] : P.Functions)
    for (const SyncFact &S : F.Syncs) {
      if (S.Release && !S.InLoop)
        ReleasesIn[Usr].insert(S.Loc);
      if (!S.Release && S.Spin)
        AcquiresIn[Usr].insert(S.Loc);
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
          std::set<std::string> Add = It->second;
          std::set<std::string> &Mine = (*M)[Usr];
          size_t Before = Mine.size();
          Mine.insert(Add.begin(), Add.end());
          Changed = Changed || Mine.size() != Before;
        }
    }
}

bool ProgramAnalysis::orderedByAtomic(const FunctionFacts &FX, const AccessFact &X,
                                      const FunctionFacts &FY, const AccessFact &Y) const {
  if (ReleasesIn.empty() || AcquiresIn.empty())
    return false;
  std::set<std::string> Released;
  for (const SyncFact &S : FX.Syncs)
    if (S.Release && !S.InLoop && writtenBefore(X.Where, S.Where))
      Released.insert(S.Loc);
  for (const CallFact &C : FX.Calls)
    if (!C.InLoop && writtenBefore(X.Where, C.Where))
      if (auto It = ReleasesIn.find(C.Callee); It != ReleasesIn.end())
        Released.insert(It->second.begin(), It->second.end());
  if (Released.empty())
    return false;
  for (const SyncFact &S : FY.Syncs)
    if (!S.Release && S.Spin && writtenBefore(S.Where, Y.Where) && Released.count(S.Loc))
      return true;
  for (const CallFact &C : FY.Calls)
    if (writtenBefore(C.Where, Y.Where))
      if (auto It = AcquiresIn.find(C.Callee); It != AcquiresIn.end())
        for (const std::string &L : It->second)
          if (Released.count(L))
            return true;
  return false;
}

} // namespace parcheck
