//===- FunctionValues.cpp - calls and threads through function values -----===//
#include "analysis/FunctionValues.h"
#include "facts/EventSlots.h"
#include "facts/Ids.h"
#include "parcheck/StableSort.h"

#include <algorithm>
#include <optional>

namespace parcheck {
namespace {

using Targets = std::set<std::string>;

class Resolver {
public:
  explicit Resolver(Program &P) : P(P) {}

  void run() {
    solve();
    rewrite();
  }

private:
  Program &P;
  std::map<Id, Targets> Holds; ///< slot -> functions of the program

  /// Members some access writes ("Class::member"), and records written
  /// whole ("Class::*"): built on first need (descriptorHolds).
  std::optional<std::set<std::string>> Written;

  bool defined(const std::string &Usr) const { return P.Functions.count(Usr) != 0; }

  /// Does every descriptor that stores Callee in the member Through names
  /// give Member a value of truth V (and is there one)? Only descriptors of
  /// globals count, and only when no access writes either member or the
  /// whole record and no record of the class is copied: then the object
  /// Callee was read from has Member == V.
  bool descriptorHolds(const Id &Through, const std::string &Callee, const std::string &Member,
                       bool V) {
    if (Through.kind() != IdKind::Field)
      return false;
    const std::string &Fn = Through.key();
    if (!Written) {
      Written.emplace();
      for (const auto &[Usr, F] : P.Functions)
        for (const AccessFact &A : F.Accesses)
          if (A.Write) {
            if (!A.Field.empty())
              Written->insert(A.Field);
            if (!A.Record.empty())
              Written->insert(A.Record + "::*");
          }
    }
    // A descriptor copied whole (into another, or into an object whose
    // members then change unseen) no longer pairs the two members.
    std::string Class = Fn.substr(0, Fn.rfind("::"));
    if (Written->count(Fn) || Written->count(Member) || Written->count(Class + "::*") ||
        P.CopiedRecords.count(Class))
      return false;
    bool Any = false;
    for (const DescriptorFact &D : P.Descriptors) {
      if (std::find(D.Fns.begin(), D.Fns.end(), std::make_pair(Fn, Callee)) == D.Fns.end())
        continue;
      auto C = std::find_if(D.Consts.begin(), D.Consts.end(),
                            [&](const auto &MV) { return MV.first == Member; });
      if (!D.Fixed || C == D.Consts.end() || (C->second != 0) != V)
        return false;
      Any = true;
    }
    return Any;
  }

  /// X, the call of Callee through indirect call C: the locks C holds
  /// exactly where a member of the callee's object has the value each
  /// descriptor of Callee gives it (CallFact::HeldIf) are held at X.
  void holdByDescriptor(CallFact &X, const CallFact &C, const std::string &Callee) {
    for (const auto &[H, Member, V] : C.HeldIf) {
      if (!descriptorHolds(C.Through, Callee, Member, V))
        continue;
      auto Same = [&, &H = H](const HeldLock &K) { return K.Id == H.Id; };
      if (std::none_of(X.Held.begin(), X.Held.end(), Same))
        X.Held.push_back(H);
      X.MayHeld.erase(std::remove_if(X.MayHeld.begin(), X.MayHeld.end(), Same), X.MayHeld.end());
    }
    std::sort(X.Held.begin(), X.Held.end());
    X.HeldIf.clear();
  }

  // Which member stores a call through a member may read (FnStore::Owner,
  // CallFact::ThroughOwner). A parameter's nodes are those its function's
  // direct calls pass (CallFact::ArgObjects), through the callers'
  // parameters; unknown when the function is held as a value (a callback, a
  // thread's entry: its callers are not all seen), has no direct call, or a
  // call passes what has no node. Without a main every function may be
  // called from outside: nothing is known.
  using Nodes = std::optional<std::set<std::string>>;
  std::map<std::pair<std::string, unsigned>, Nodes> ParamNodes;
  std::set<std::pair<std::string, unsigned>> ParamBusy;
  std::set<std::string> HeldAsValue;
  /// Per callee: each direct call's ArgObjects (copies: rewrite() grows the
  /// call vectors).
  std::map<std::string, std::vector<ThinVec<std::pair<unsigned, std::string>>>> DirectCalls;
  std::map<Id, std::vector<const FnStore *>> StoresBySlot;
  bool HasMain = false;

  /// Indexes the program's direct calls and stores for ownerMayCall, when
  /// some indirect call names its object (else every call is kept anyway).
  void indexOwners() {
    bool Any = false;
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.IndirectCalls)
        Any = Any || !C.ThroughOwner.empty();
    if (!Any)
      return;
    for (const FnStore &S : P.FnStores) {
      HeldAsValue.insert(S.Value.Fn);
      StoresBySlot[S.Slot].push_back(&S);
    }
    HasMain = P.hasMain();
    for (const auto &[Usr, F] : P.Functions) {
      for (const auto *Calls : {&F.Calls, &F.IndirectCalls})
        for (const CallFact &C : *Calls) {
          for (const FnArg &A : C.FnArgs)
            HeldAsValue.insert(A.Value.Fn);
          if (Calls == &F.Calls && !C.Callee.empty())
            DirectCalls[C.Callee].push_back(C.ArgObjects);
        }
      for (const SpawnFact &S : F.Spawns)
        HeldAsValue.insert(S.Entry);
    }
  }

  /// The nodes an origin node of function Fn may be: a parameter's are its
  /// bindings' (paramNodes); any other node is itself.
  Nodes nodesOf(const std::string &Node) {
    if (Node.empty())
      return std::nullopt;
    if (!llvm::StringRef(Node).starts_with("p:"))
      return std::set<std::string>{Node};
    auto Param = paramOriginNode(Node);
    if (!Param)
      return std::nullopt;
    return paramNodes(Param->first.str(), Param->second);
  }

  Nodes paramNodes(const std::string &Fn, unsigned I) {
    auto Key = std::make_pair(Fn, I);
    if (auto It = ParamNodes.find(Key); It != ParamNodes.end())
      return It->second;
    auto Calls = DirectCalls.find(Fn);
    if (HeldAsValue.count(Fn) || Calls == DirectCalls.end() || !ParamBusy.insert(Key).second)
      return std::nullopt; // a cycle through the callers' parameters: unknown
    Nodes Out = std::set<std::string>();
    for (const auto &Origins : Calls->second) {
      auto A = std::find_if(Origins.begin(), Origins.end(),
                            [&](const auto &AO) { return AO.first == I; });
      Nodes Ns = A == Origins.end() ? std::nullopt : nodesOf(A->second);
      if (!Ns) {
        Out.reset();
        break;
      }
      Out->insert(Ns->begin(), Ns->end());
    }
    ParamBusy.erase(Key);
    ParamNodes[Key] = Out;
    return Out;
  }

  /// May nodes A and B be one object? Not two objects embedded as different
  /// members ('e:worker::block', 'e:stream::index'; 'e:internal::next',
  /// 'e:lz_coder::next'), unless one is a member of a common initial
  /// sequence ('e:~next:T', which records that begin alike read through each
  /// other's type) of the other's name; nor an embedded member and a whole
  /// variable ('o:', 'a:'), nor two variables.
  static bool mayBeSame(llvm::StringRef A, llvm::StringRef B) {
    auto Whole = [](llvm::StringRef X) { return X.starts_with("o:") || X.starts_with("a:"); };
    auto Name = [](llvm::StringRef X) {
      X = X.drop_front(2);
      return X.consume_front("~") ? X.split(':').first : X.rsplit("::").second;
    };
    if (A.starts_with("e:") && B.starts_with("e:"))
      return A == B || ((A.starts_with("e:~") || B.starts_with("e:~")) && Name(A) == Name(B));
    if ((A.starts_with("e:") && Whole(B)) || (Whole(A) && B.starts_with("e:")))
      return false;
    if (Whole(A) && Whole(B)) // two variables are two objects
      return A == B;
    return true;
  }

  /// Can indirect call C, made in Caller through a member, call Callee: does
  /// a store of Callee into that member name an object that may be the one
  /// C reads it from?
  bool ownerMayCall(const CallFact &C, const std::string &Callee) {
    if (C.ThroughOwner.empty() || !HasMain)
      return true;
    // A record copied as a whole carries its function members to another
    // object ('job = ctx->queue[head]; job.function(job.opaque)').
    if (const std::string &Slot = C.Through.key();
        C.Through.kind() != IdKind::Field ||
        P.CopiedRecords.count(Slot.substr(0, Slot.rfind("::"))))
      return true;
    Nodes Call = nodesOf(C.ThroughOwner);
    if (!Call)
      return true;
    auto Stores = StoresBySlot.find(C.Through);
    if (Stores == StoresBySlot.end())
      return true;
    for (const FnStore *S : Stores->second) {
      if (S->Value.Fn != Callee && !valuesOf(S->Value).count(Callee))
        continue;
      Nodes Store = nodesOf(S->Owner);
      if (!Store)
        return true;
      for (const std::string &X : *Call)
        for (const std::string &Y : *Store)
          if (mayBeSame(X, Y))
            return true;
    }
    return false;
  }

  /// What a value may be: the function itself, or what its slot holds.
  Targets valuesOf(const FnValue &V) const {
    if (!V.Fn.empty())
      return defined(V.Fn) ? Targets{V.Fn} : Targets{};
    auto It = Holds.find(V.Slot);
    return It == Holds.end() ? Targets{} : It->second;
  }

  bool flow(const Id &Slot, const FnValue &V) {
    if (Slot.empty())
      return false;
    Targets T = valuesOf(V);
    if (T.empty())
      return false;
    Targets &Dst = Holds[Slot];
    size_t Before = Dst.size();
    Dst.insert(T.begin(), T.end());
    return Dst.size() != Before;
  }

  /// Arguments of a call of Callee flow to its parameters.
  bool flowArgs(const std::string &Callee, const CallFact &C) {
    bool Changed = false;
    for (const FnArg &A : C.FnArgs)
      Changed |= flow(paramId(Callee, A.Index), A.Value);
    return Changed;
  }

  void solve() {
    // The graph is small (function values only): iterate to the fixpoint.
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const FnStore &S : P.FnStores)
        Changed |= flow(S.Slot, S.Value);
      for (const auto &[Usr, F] : P.Functions) {
        for (const CallFact &C : F.Calls)
          if (defined(C.Callee))
            Changed |= flowArgs(C.Callee, C);
        for (const CallFact &C : F.IndirectCalls) {
          auto It = Holds.find(C.Through);
          if (It == Holds.end())
            continue;
          Targets T = It->second; // flowArgs may grow Holds
          for (const std::string &Callee : T)
            Changed |= flowArgs(Callee, C);
        }
      }
    }
  }

  /// Functions whose calls through their own parameters are resolved per
  /// call site: called only directly (never held as a function value, so
  /// every caller and what it passes is known), and called at least once.
  std::set<std::string> PerSite;
  /// Per callee: the direct calls of it, as (caller, a copy of the call made
  /// before rewrite() adds calls).
  std::map<std::string, std::vector<std::pair<std::string, CallFact>>> CallersOf;

  void findPerSite() {
    std::set<std::string> Held;
    for (const auto &[Slot, T] : Holds)
      Held.insert(T.begin(), T.end());
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls)
        if (defined(C.Callee) && !C.FnArgs.empty())
          CallersOf[C.Callee].emplace_back(Usr, C);
    for (const auto &[Callee, Sites] : CallersOf)
      if (!Held.count(Callee))
        PerSite.insert(Callee);
  }

  /// A call of the function value Callee at Site: where Site is, with its
  /// locks, liveness and loop.
  CallFact callOfValueAt(const CallFact &Site, const std::string &Callee) const {
    CallFact X;
    X.Callee = Callee;
    X.Resolved = true;
    X.CalleeName = P.Functions.at(Callee).Name;
    X.Where = Site.Where;
    X.Held = Site.Held;
    X.Live = Site.Live;
    X.InLoop = Site.InLoop;
    X.LoopStart = Site.LoopStart;
    X.ReturnAt = Site.ReturnAt;
    return X;
  }

  /// A call through Fn's own parameter, made in a function resolved per call
  /// site: at each direct call of Fn, a call of what that call passes there
  /// ('uv_once(&once, init_once)' calls init_once, not every callback any
  /// uv_once call was given), holding the caller's locks and Fn's own (not
  /// those named through Fn's parameters, which mean nothing in the caller).
  /// Returns false when C is not such a call.
  bool hoist(const std::string &Fn, const CallFact &C,
             std::map<std::string, std::vector<CallFact>> &Out) const {
    if (!PerSite.count(Fn))
      return false;
    std::optional<unsigned> PI = paramIndex(C.Through, Fn);
    if (!PI)
      return false;
    for (const auto &[Caller, Site] : CallersOf.at(Fn)) {
      for (const FnArg &A : Site.FnArgs) {
        if (A.Index != *PI)
          continue;
        for (const std::string &Callee : valuesOf(A.Value)) {
          CallFact X = callOfValueAt(Site, Callee);
          for (const HeldLock &H : C.Held)
            if (!isParamOf(H.Id, Fn) &&
                std::find(X.Held.begin(), X.Held.end(), H) == X.Held.end())
              X.Held.push_back(H);
          std::sort(X.Held.begin(), X.Held.end());
          X.InLoop = Site.InLoop || C.InLoop;
          // Its arguments are what the call through the parameter passes
          // (nodes of Fn, which runs at that call): Origins.cpp binds the
          // callee's parameters to them rather than to "?".
          X.ArgValues = C.ArgValues;
          X.ArgsSeen = C.ArgsSeen;
          X.Dropped = Site.Dropped;
          X.Once = C.Once;
          Out[Caller].push_back(std::move(X));
        }
      }
    }
    return true;
  }

  void rewrite() {
    findPerSite();
    indexOwners();
    std::map<std::string, std::vector<CallFact>> Hoisted;
    for (auto &[Usr, F] : P.Functions) {
      bool Added = false;
      std::vector<CallFact> New;
      for (const CallFact &C : F.IndirectCalls) {
        if (hoist(Usr, C, Hoisted))
          continue;
        auto It = Holds.find(C.Through);
        if (It == Holds.end())
          continue;
        for (const std::string &Callee : It->second) {
          if (!ownerMayCall(C, Callee))
            continue;
          CallFact X = C;
          X.Callee = Callee;
          X.Resolved = true;
          if (C.ArgsSeen)
            X.ResolvedSlot = C.Through;
          X.CalleeName = P.Functions.at(Callee).Name;
          holdByDescriptor(X, C, Callee);
          X.Through = Id();
          New.push_back(std::move(X)); // keeps Once
        }
      }
      // A function value given to a library function may be called there.
      for (const CallFact &C : F.Calls) {
        if (defined(C.Callee))
          continue;
        for (const FnArg &A : C.FnArgs)
          for (const std::string &Callee : valuesOf(A.Value)) {
            New.push_back(callOfValueAt(C, Callee));
          }
      }
      if (!New.empty()) {
        F.Calls.insert(F.Calls.end(), New.begin(), New.end());
        Added = true;
      }
      std::vector<SpawnFact> Spawns;
      bool Expanded = false;
      for (const SpawnFact &S : F.Spawns) {
        auto It = Holds.end();
        if (S.Entry.empty() && !S.EntrySlot.empty())
          It = Holds.find(S.EntrySlot);
        if (It == Holds.end() || It->second.empty()) {
          Spawns.push_back(S);
          continue;
        }
        for (const std::string &Entry : It->second) {
          SpawnFact X = S;
          X.Entry = Entry;
          X.EntryName = P.Functions.at(Entry).Name;
          Spawns.push_back(std::move(X));
        }
        Expanded = true;
      }
      if (Expanded)
        F.Spawns = std::move(Spawns);
      auto ByLoc = [](const auto &A, const auto &B) { return A.Where < B.Where; };
      if (Added)
        stableSort(F.Calls, ByLoc);
    }
    // Appended once every function's own calls are rewritten.
    for (auto &[Caller, Calls] : Hoisted) {
      FunctionFacts &G = P.Functions.at(Caller);
      G.Calls.insert(G.Calls.end(), Calls.begin(), Calls.end());
      stableSort(G.Calls, [](const CallFact &A, const CallFact &B) { return A.Where < B.Where; });
    }
  }
};

} // namespace

/// Callbacks bound to a base or an event that no loop of the program runs
/// (an event never bound to a base, a base named differently where its loop
/// is, 'event_base_set(c->event.ev_base, ..)', a base parameter of a function
/// only called through a pointer) go to the unknown base, which every loop
/// runs: naming bases tells loops apart only where it is sure to.
static void routeUnloopedCallbacks(Program &P) {
  std::set<Id> Reaches{loopSlotAll(), loopSlotUnknownBase()};
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.IndirectCalls)
      if (isBoundCallbackSlot(C.Through))
        Reaches.insert(C.Through);
  // Backwards along the copies between bound slots, to the fixpoint.
  std::set<Id> Bound;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FnStore &S : P.FnStores) {
      if (isBoundCallbackSlot(S.Slot))
        Bound.insert(S.Slot);
      if (!S.Value.Slot.empty() && isBoundCallbackSlot(S.Value.Slot)) {
        Bound.insert(S.Value.Slot);
        if (Reaches.count(S.Slot))
          Changed |= Reaches.insert(S.Value.Slot).second;
      }
    }
  }
  for (const Id &Slot : Bound)
    if (!Reaches.count(Slot))
      P.FnStores.insert({loopSlotUnknownBase(), FnValue{"", Slot}, ""});
}

void resolveFunctionValues(Program &P) {
  routeUnloopedCallbacks(P);
  Resolver(P).run();
}

} // namespace parcheck
