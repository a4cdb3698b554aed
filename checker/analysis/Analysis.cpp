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
// This file builds the roots, what they reach and the parameter bindings;
// Concurrency.cpp says which threads may run at once, Ownership.cpp which
// memory only one thread can reach.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "facts/Ids.h"
#include "facts/EventSlots.h"
#include "analysis/TaskRunner.h"

#include <algorithm>
#include <deque>
#include <tuple>

namespace parcheck {

ProgramAnalysis::ProgramAnalysis(const Program &P) : ProgramAnalysis(P, nullptr) {}

ProgramAnalysis::ProgramAnalysis(const Program &P, llvm::ThreadPoolInterface *Pool)
    : P(P), Pool(Pool) {
  // Tasks write only Acquired (read by no step of this constructor) or their
  // own root's Reached slot; reach() reads P, Roots and the once facts only.
  Fns.reserve(P.Functions.size());
  FnUsrs.reserve(P.Functions.size());
  for (const auto &[Usr, F] : P.Functions) {
    FnIndex.try_emplace(Usr, unsigned(Fns.size()));
    FnByIdentity.try_emplace(IString(Usr).identity(), unsigned(Fns.size()));
    Fns.push_back(&F);
    FnUsrs.push_back(&Usr);
    for (const CallFact &D : F.IndirectCalls)
      HasLoopSlotCalls = HasLoopSlotCalls || baseOfLoopSlot(D.Through).has_value();
    for (const SpawnFact &S : F.Spawns)
      for (const ObjRef &O : S.Args)
        if (O.K == ObjRef::Class && O.Obj.kind() == IdKind::Local)
          SpawnedLocals.insert(O.Obj);
  }
  TaskRunner Tasks(Pool);
  Tasks.run([this] { Acquired = summariseAcquisitions(this->P); });
  unify();
  findRoots();
  computeOnce(); // for startedInRun while reaching; again below, on the final roots
  Reached.resize(Roots.size());
  {
    TaskRunner RootTasks(Pool);
    for (size_t R = 0; R < Roots.size(); ++R)
      RootTasks.run([this, R] { reach(R); });
  }
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
  // Code that runs only for a null (or non-null) argument no call on the
  // root's paths passes (NullGuards.cpp), each root on its own task.
  DeadCalls.assign(Roots.size(), {});
  DeadAccesses.assign(Roots.size(), {});
  {
    TaskRunner RootTasks(Pool);
    for (size_t R = 0; R < Roots.size(); ++R)
      RootTasks.run([this, R] { pruneNullArms(R); });
  }
  // State-machine arms a root's loop objects never enter (StateArms.cpp):
  // the loop contexts they need come from the reach, which is then redone
  // without those arms' calls (a subset: the contexts stay valid).
  computeLoopConfinement();
  // Each root's second reach on its own task, as the first: it reads the
  // excluded arms too, which are fixed by now.
  if (computeStateArms()) {
    TaskRunner RootTasks(Pool);
    for (size_t R = 0; R < Roots.size(); ++R)
      if (!ExcludedArms[R].empty())
        RootTasks.run([this, R] {
          Reached[R].clear();
          reach(R);
        });
  }
  // Every root's parent now, from the final reach (the roots and what they
  // reach do not change after this): the per-root tasks below, and after
  // construction the checks of one program on several threads
  // (driver/Analyse.cpp), call parentOf, which then only reads its cache.
  for (size_t R = 0; R < Roots.size(); ++R)
    parentOf(R);
  resolveParams();
  joinPublished();
  shareClasses();
  computeRunning();
  computeDispatch();
  computeEscapes();
  computeActivations();
  computeOrigins();
  computeOwnership(Pool);
  // Each root's thread-argument and thread-number parameters on a task of
  // its own: each writes its root's slots only, and reads neither.
  ThreadArgParams.assign(Roots.size(), {});
  ThreadNumParams.assign(Roots.size(), {});
  {
    TaskRunner RootTasks(Pool);
    for (size_t R = 0; R < Roots.size(); ++R)
      RootTasks.run([this, R] { computeThreadParams(R); });
  }
  computeLoopConfinement();
  computeOutsideRunning();
  computeSyncs();
  computePhases();
  computeOnce();
  Tasks.wait();
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
  std::vector<ReachMap> KeptReached;
  for (size_t R = 0; R < Roots.size(); ++R)
    if (Keep[R]) {
      KeptRoots.push_back(std::move(Roots[R]));
      KeptReached.push_back(std::move(Reached[R]));
    }
  Roots = std::move(KeptRoots);
  Reached = std::move(KeptReached);
  return true;
}

unsigned ProgramAnalysis::fnNumber(llvm::StringRef Usr) const {
  auto It = FnIndex.find(Usr);
  return It == FnIndex.end() ? NoFn : It->second;
}

unsigned ProgramAnalysis::fnNumber(const IString &Usr) const {
  auto It = FnByIdentity.find(Usr.identity());
  return It == FnByIdentity.end() ? NoFn : It->second;
}

llvm::ArrayRef<Id> ProgramAnalysis::paramIdsOf(unsigned N) const {
  std::call_once(ParamIdsOnce, [this] {
    ParamIds.resize(Fns.size());
    for (unsigned F = 0; F < Fns.size(); ++F)
      for (unsigned I = 0; I < Fns[F]->ParamNames.size(); ++I)
        ParamIds[F].push_back(paramId(fnUsr(F), I));
  });
  return ParamIds[N];
}

const FunctionFacts *ProgramAnalysis::function(llvm::StringRef Usr) const {
  unsigned N = fnNumber(Usr);
  return N == NoFn ? nullptr : Fns[N];
}

const FunctionFacts *ProgramAnalysis::function(const IString &Usr) const {
  unsigned N = fnNumber(Usr);
  return N == NoFn ? nullptr : Fns[N];
}

Id ProgramAnalysis::find(const Id &X) const {
  Id C = X;
  for (auto It = AliasOf.find(C); It != AliasOf.end() && It->second != C; It = AliasOf.find(C))
    C = It->second;
  return C;
}

void ProgramAnalysis::join(const Id &A, const Id &B) {
  // Union by taking the smaller id as the representative: deterministic.
  Id RA = find(A), RB = find(B);
  if (RA == RB)
    return;
  if (RB < RA)
    std::swap(RA, RB);
  AliasOf[RB] = RA;
  AliasOf.emplace(RA, RA);
}

void ProgramAnalysis::unify() {
  // A global pointer set to a parameter stands for what the parameter is
  // bound to: joined once the bindings are known (joinPublished).
  for (const auto &[A, B] : P.Aliases)
    if (A.kind() != IdKind::Param && B.kind() != IdKind::Param)
      join(A, B);
}

void ProgramAnalysis::joinPublished() {
  for (const auto &[A, B] : P.Aliases) {
    if (B.kind() != IdKind::Param)
      continue;
    auto It = ParamTargets.find(B);
    if (It != ParamTargets.end())
      for (const ObjRef &O : It->second)
        join(A, O.Id);
  }
}

Id ProgramAnalysis::canonical(const Id &Loc) const {
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
  ReachMap &M = Reached[RI];
  // USRs by pointer: the root's entry, P.Functions' keys and calls' interned
  // callees all outlive the walk.
  std::deque<const std::string *> Work;
  Reach Start;
  for (const Root::Site &S : Roots[RI].Sites) {
    std::map<unsigned, Id> Ctx;
    for (size_t I = 0; I < S.Spawn->Args.size(); ++I)
      if (const Id *V = boundVariable(S.Spawn->Args[I])) {
        Start.Args[unsigned(I)].insert(*V);
        Ctx[unsigned(I)] = *V;
      }
    if (!Ctx.empty() && Start.Contexts.size() < Reach::MaxContexts)
      Start.Contexts.insert(Ctx);
  }
  M[Roots[RI].Entry] = std::move(Start);
  Work.push_back(&Roots[RI].Entry);
  // Global constructors run on the main thread before main.
  if (Roots[RI].IsMain)
    for (const auto &[Usr, F] : P.Functions)
      if (idKind(Usr) == IdKind::StaticInit && M.emplace(Usr, Reach()).second)
        Work.push_back(&Usr);
  const std::map<unsigned, Id> NoContext;
  while (!Work.empty()) {
    const std::string &Fn = *Work.front();
    Work.pop_front();
    const FunctionFacts *F = function(Fn);
    if (!F)
      continue;
    // The caller's reach as it is now: a map node, which the calls below
    // change only when the function calls itself (then a copy).
    const Reach *HereP = &M[Fn];
    std::optional<Reach> Snapshot;
    for (const CallFact &C : F->Calls)
      if (C.Callee == Fn) {
        Snapshot = *HereP;
        HereP = &*Snapshot;
        break;
      }
    const Reach &Here = *HereP;
    for (const CallFact &C : F->Calls) {
      if (!followsCall(RI, Fn, C))
        continue;
      LockSet Held = heldAtCall(Fn, Here, C);
      // The callee's parameter bindings in each of the caller's contexts.
      std::set<std::map<unsigned, Id>> Contexts;
      auto AddContext = [&](const std::map<unsigned, Id> &Cx) {
        std::map<unsigned, Id> T;
        for (size_t I = 0; I < C.Args.size(); ++I) {
          const ObjRef &O = C.Args[I];
          if (const Id *V = boundVariable(O))
            T[unsigned(I)] = *V;
          else if (std::optional<unsigned> PI;
                   O.K == ObjRef::Param && (PI = paramIndex(O.Id, Fn))) {
            auto B = Cx.find(*PI);
            if (B != Cx.end())
              T[unsigned(I)] = B->second;
          }
        }
        if (!T.empty())
          Contexts.insert(std::move(T));
      };
      if (Here.Contexts.empty())
        AddContext(NoContext);
      for (const auto &Cx : Here.Contexts)
        AddContext(Cx);
      // What the callee's parameters are bound to on this path.
      std::map<unsigned, std::set<Id>> Args;
      for (size_t I = 0; I < C.Args.size(); ++I) {
        const ObjRef &O = C.Args[I];
        if (const Id *V = boundVariable(O))
          Args[unsigned(I)].insert(*V);
        else if (std::optional<unsigned> PI;
                 O.K == ObjRef::Param && (PI = paramIndex(O.Id, Fn))) {
          auto B = Here.Args.find(*PI);
          if (B != Here.Args.end())
            Args[unsigned(I)].insert(B->second.begin(), B->second.end());
        }
      }
      auto It = M.find(C.Callee);
      if (It == M.end()) {
        Reach R;
        R.EntryLocks = std::move(Held);
        R.Live = Here.Live;
        R.Live.insert(C.Live.begin(), C.Live.end());
        R.Caller = Fn;
        R.CallSite = C.Where;
        R.Args = std::move(Args);
        for (const auto &T : Contexts)
          if (R.Contexts.size() < Reach::MaxContexts)
            R.Contexts.insert(T);
        M.emplace(C.Callee, std::move(R));
        Work.push_back(&C.Callee.str());
        continue;
      }
      Reach &R = It->second;
      LockSet Common;
      for (const HeldLock &H : R.EntryLocks)
        if (std::binary_search(Held.begin(), Held.end(), H))
          Common.push_back(H);
      size_t LiveBefore = R.Live.size();
      R.Live.insert(Here.Live.begin(), Here.Live.end());
      R.Live.insert(C.Live.begin(), C.Live.end());
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
        Work.push_back(&C.Callee.str());
      }
    }
  }
}

bool ProgramAnalysis::followsCall(size_t R, const std::string &Fn, const CallFact &C) const {
  return function(C.Callee) && !(C.Once && startedInRun(R, C.Callee)) &&
         !stateArmExcluded(R, Fn, C.Where) && !deadCall(R, C);
}

LockSet ProgramAnalysis::heldAtCall(const std::string &Fn, const Reach &Here,
                                    const CallFact &C, const LockSet *Entry) const {
  // The caller's entry locks plus its own, its lock parameters bound as
  // this root binds them.
  LockSet Held = Entry ? *Entry : Here.EntryLocks;
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
  return Held;
}

// Call-site split
//
// A function's reach in a root is one summary over all the calls that enter
// it: the locks held on entry along every path (the meet), the handles live
// at any of them, what may run at any of them. A helper called before a
// thread starts with no lock and after it under the lock the thread takes
// ('bump(); pthread_create(..); lock(&L); bump(); unlock(&L);') then looks
// unlocked while the thread runs. The race check takes an access of a
// function entered through a few calls once per call instead (one level of
// call-site sensitivity, as k-CFA with k = 1): with the locks held at that
// call, what may run there, the classes of objects that caller passes
// (originsFromCaller) and whether it hands over an object it took
// (takenAccess). Only when those calls are the function's only ways into
// the root: not its entry, and their entry locks meet in the function's
// (another way in would have met them too).
//
// Deeper: a call whose caller is itself entered only through a few calls is
// taken once per call into the caller (k-CFA with k up to MaxSplitDepth),
// while the sites number at most MaxSiteSplit. A helper of a helper
// ('__check(me)' called from 'bipbuf_poll(me)', which the logger calls
// with its own buffer under the logger's mutex and with a watcher's buffer
// under none) is then checked with the locks and the objects of each outer
// call, not their meet and their union. The other facts of a site (what
// runs there, what its caller hands over) stay those of its innermost call.
ProgramAnalysis::DirectSites ProgramAnalysis::directSites(size_t R, const std::string &Fn) const {
  DirectSites D;
  auto Here = Reached[R].find(Fn);
  auto Callers = CalledFrom.find(Fn);
  if (Here == Reached[R].end() || Callers == CalledFrom.end() || Fn == Roots[R].Entry ||
      idKind(Fn) == IdKind::StaticInit)
    return D;
  D.Entry = &Here->second;
  std::vector<CallSite> &Out = D.Sites;
  for (const auto &[Caller, C] : Callers->second) {
    auto CR = Reached[R].find(Caller->Usr);
    if (CR == Reached[R].end() || !followsCall(R, Caller->Usr, *C))
      continue;
    if (Out.size() == MaxSiteSplit)
      return DirectSites();
    Out.push_back({Caller, C, &CR->second, {}, nullptr});
  }
  std::sort(Out.begin(), Out.end(), [](const CallSite &A, const CallSite &B) {
    return std::tie(A.Caller->Usr, A.Call->Where) < std::tie(B.Caller->Usr, B.Call->Where);
  });
  // The locks held at each call. A lone site's are never read: no answer
  // holds it alone (Valid wants two), and its deeper copies compute their own.
  // On a call chain most functions have one caller at each depth.
  if (Out.size() >= 2)
    for (CallSite &S : Out)
      S.Held = heldAtCall(S.Caller->Usr, *S.CallerReach, *S.Call);
  return D;
}

std::vector<ProgramAnalysis::CallSite>
ProgramAnalysis::splitSites(size_t R, const std::string &Fn, SplitMemo &Memo,
                            unsigned Depth) const {
  // A function's direct sites are asked for at each depth (from its own
  // accesses, and from its callees' and their callees' splits): made once
  // per root (Memo's entries stay put as it grows).
  auto [It, New] = Memo.try_emplace(Fn);
  if (New)
    It->second = directSites(R, Fn);
  const DirectSites *D = &It->second;
  const std::vector<CallSite> &Out = D->Sites;
  if (Out.empty())
    return {};
  // Two or more, whose entry locks meet in the function's.
  auto Valid = [&](const std::vector<CallSite> &Sites) {
    if (Sites.size() < 2)
      return false;
    LockSet Meet = Sites.front().Held;
    for (const CallSite &S : Sites) {
      LockSet Common;
      for (const HeldLock &H : Meet)
        if (std::binary_search(S.Held.begin(), S.Held.end(), H))
          Common.push_back(H);
      Meet = std::move(Common);
    }
    return Meet == D->Entry->EntryLocks;
  };
  if (Depth >= MaxSplitDepth)
    return Valid(Out) ? Out : std::vector<CallSite>();
  // Each call once per call into its caller, in order, while they fit.
  std::vector<CallSite> Deep;
  bool Deeper = false;
  for (size_t K = 0; K < Out.size(); ++K) {
    const CallSite &S = Out[K];
    size_t Rest = Out.size() - K - 1;
    std::vector<CallSite> Outer;
    if (Deep.size() + Rest + 2 <= MaxSiteSplit)
      Outer = splitSites(R, S.Caller->Usr, Memo, Depth + 1);
    if (Outer.empty() || Deep.size() + Outer.size() + Rest > MaxSiteSplit) {
      Deep.push_back(S);
      continue;
    }
    Deeper = true;
    for (CallSite &O : Outer) {
      CallSite X = S;
      X.Held = heldAtCall(S.Caller->Usr, *S.CallerReach, *S.Call, &O.Held);
      X.Outer = std::make_shared<const CallSite>(std::move(O));
      Deep.push_back(std::move(X));
    }
  }
  if (Deeper && Valid(Deep))
    return Deep;
  return Valid(Out) ? Out : std::vector<CallSite>();
}

bool ProgramAnalysis::everyCallInto(size_t R, const std::string &Fn,
                                    llvm::function_ref<bool(const CallSite &)> P) const {
  auto Callers = CalledFrom.find(Fn);
  if (!Reached[R].count(Fn) || Callers == CalledFrom.end() || Fn == Roots[R].Entry)
    return false;
  bool Any = false;
  for (const auto &[Caller, C] : Callers->second) {
    auto CR = Reached[R].find(Caller->Usr);
    if (CR == Reached[R].end() || !followsCall(R, Caller->Usr, *C))
      continue;
    if (!P(CallSite{Caller, C, &CR->second, {}, nullptr}))
      return false;
    Any = true;
  }
  return Any;
}

const Id *ProgramAnalysis::boundVariable(const ObjRef &O) const {
  if (O.K == ObjRef::Var)
    return &O.Id;
  if (O.K == ObjRef::Class && !O.Obj.empty() &&
      (O.Obj.kind() == IdKind::Usr || SpawnedLocals.count(O.Obj)))
    return &O.Obj;
  return nullptr;
}

void ProgramAnalysis::resolveParams() {
  std::map<Id, std::vector<ObjRef>> Direct;
  for (const auto &[Usr, F] : P.Functions) {
    for (const CallFact &C : F.Calls)
      for (const ObjRef &O : C.Args)
        if (O.K == ObjRef::Var)
          ObjNames.emplace(O.Id, O.Name);
    for (const SpawnFact &S : F.Spawns)
      for (const ObjRef &O : S.Args)
        if (O.K == ObjRef::Var)
          ObjNames.emplace(O.Id, O.Name);
    auto Bound = [&](const ObjRef &O) -> std::optional<ObjRef> {
      if (O.K == ObjRef::Param)
        return O;
      const Id *V = boundVariable(O);
      if (!V)
        return std::nullopt;
      ObjRef R = O;
      R.K = ObjRef::Var;
      R.Id = *V;
      if (O.K == ObjRef::Class)
        R.Name = O.ObjName;
      return R;
    };
    for (const CallFact &C : F.Calls)
      for (size_t I = 0; I < C.Args.size(); ++I)
        if (std::optional<ObjRef> O = Bound(C.Args[I]))
          Direct[paramId(C.Callee, I)].push_back(*O);
    for (const SpawnFact &S : F.Spawns)
      for (size_t I = 0; I < S.Args.size(); ++I)
        if (std::optional<ObjRef> O = Bound(S.Args[I]))
          Direct[paramId(S.Entry, I)].push_back(*O);
  }
  // Follow parameter-to-parameter bindings to variables (depth-bounded).
  for (const auto &[Param, Objs] : Direct) {
    std::vector<ObjRef> Out;
    std::set<Id> Seen{Param};
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
  // A named local handed to one thread creation, out of any loop, is that
  // thread's own: each call of the creating function has its own local
  // ('pthread_create(&a, 0, worker, &r1); pthread_create(&b, 0, worker,
  // &r2)'). Handed to two creations (or to one in a loop), it is shared.
  std::map<Id, unsigned> Handed;
  for (const auto &[Usr, F] : P.Functions)
    for (const SpawnFact &S : F.Spawns)
      for (const ObjRef &O : S.Escapes)
        if (O.K == ObjRef::Class && O.Obj.kind() == IdKind::Local)
          Handed[O.Obj] += S.InLoop ? 2 : 1;
  for (const auto &[Usr, F] : P.Functions)
    for (const SpawnFact &S : F.Spawns)
      for (const ObjRef &O : S.Escapes)
        if (O.K == ObjRef::Class && !O.Id.empty()) {
          bool Own = O.PerInstance ||
                     (O.Obj.kind() == IdKind::Local && Handed[O.Obj] == 1);
          (Own ? Private : Shared).insert(O.Id.str()); // the record name
        }
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

void ProgramAnalysis::dropLocks(LockSet &Held, llvm::ArrayRef<Id> Dropped,
                                const std::string &Fn, const Reach &Here) const {
  for (const Id &D : Dropped) {
    Id L = D;
    if (std::optional<unsigned> PI = paramIndex(D, Fn)) {
      auto B = Here.Args.find(*PI);
      if (B != Here.Args.end() && B->second.size() == 1)
        L = *B->second.begin();
    }
    Id R = resolveLock(HeldLock{L, "", false, {}}).Id;
    Held.erase(std::remove_if(Held.begin(), Held.end(),
                              [&](const HeldLock &H) {
                                return H.Id == L || H.Id == D || resolveLock(H).Id == R;
                              }),
               Held.end());
  }
}

HeldLock ProgramAnalysis::resolveLock(const HeldLock &H) const {
  if (H.Id.kind() == IdKind::Pointee) {
    // A lock through a global pointer ('lock(gm)'): the lock it points to,
    // when the points-to facts name one (unify: a pointer given several
    // locks makes them one).
    Id C = canonical(H.Id);
    if (C == H.Id || C.kind() == IdKind::Pointee)
      return H;
    HeldLock R = H;
    R.Id = C;
    return R;
  }
  bool Array = H.Id.kind() == IdKind::Array;
  Id Param = Array ? H.Id.inner() : H.Id;
  if (Param.kind() != IdKind::Param)
    return H;
  auto It = ParamTargets.find(Param);
  if (It == ParamTargets.end() || It->second.size() != 1)
    return H;
  HeldLock R = H;
  R.Id = Array ? makeId(IdKind::Array, It->second[0].Id) : It->second[0].Id;
  R.Name = It->second[0].Name + (Array ? "[]" : "");
  return R;
}

std::vector<std::string> ProgramAnalysis::callChain(size_t R, const std::string &Fn,
                                                   bool OutsideLoop) const {
  std::vector<std::string> Chain;
  std::set<std::string> Seen;
  std::string Cur = Fn;
  while (Seen.insert(Cur).second) {
    const std::string *Caller = nullptr;
    const SrcLoc *Site = nullptr;
    if (OutsideLoop && R < Outside.size()) {
      auto It = Outside[R].find(Cur);
      if (It != Outside[R].end())
        Caller = &It->second.Caller, Site = &It->second.CallSite;
    } else if (auto It = Reached[R].find(Cur); It != Reached[R].end()) {
      Caller = &It->second.Caller, Site = &It->second.CallSite;
    }
    if (!Caller || Caller->empty())
      break;
    const FunctionFacts *F = function(*Caller);
    Chain.push_back((F ? F->Name : *Caller) + " at " + Site->str());
    Cur = *Caller;
  }
  std::reverse(Chain.begin(), Chain.end());
  return Chain;
}

} // namespace parcheck
