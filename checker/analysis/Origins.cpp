//===- Origins.cpp - objects told apart by where their pointers come from -===//
//
// Object origins
//
// A class-level access ('c->x') names every object of its class: two
// threads' accesses to two different objects of one class are reported as a
// race (object conflation). Origins tell many of them apart, as a field-
// based, flow-insensitive, inclusion points-to analysis does (Andersen's;
// RacerD's access paths keep the same distinction): a pointer value is named
// by the node it was read from (a pointer member of any object, a global, a
// local, a parameter, a function's return, an embedded member object, what
// a call through a function value returns; see extract/Origins.h), and
// every copy of a pointer between two nodes is a flow. Each memory node
// (members, globals, returns, embedded and named objects) stands for the
// objects stored into it fresh, and holds them and whatever flows into it:
// a queue member given both a logger's and a watcher's buffer holds both,
// but neither member gets the other's (unification, as Steensgaard's, made
// them one class). Locals and parameters hold what flows into them, so a
// helper called with two objects ('bipbuf_push(l->buf)' and
// 'bipbuf_push(w->buf)') does not make them one. Two accesses whose sets
// have no object in common are to two objects.
//
// Calls through function values bind parameters too: a call written
// through a slot ('io->cb(e, io, ret)') binds the parameters of each
// function FunctionValues.cpp resolves it to, to its arguments
// (CallFact::ArgValues), and what it returns is what they return ("v:").
// A function handed only to slots the analysis follows (a variable, a
// member of the program's records, a parameter of its functions) has no
// other binding; one given to a library, an event loop or a thread start is
// bound to "?" where that call is. A function whose address is only kept as
// an integer or compared is not a callback at all.
//
// Per thread: a local's or a parameter's set is computed again for each
// root from the flows of the functions that root reaches, so a helper's
// access holds only what that thread's calls pass: the logger thread frees
// its watchers' buffers ('bipbuf_free(w->buf)') while main pushes into its
// logger's ('bipbuf_push(l->buf)'), though both threads call both helpers
// with other objects elsewhere.
//
// What makes a node unknown (a set with "?", which may alias anything, so
// an access through it conflicts as before; so does an empty set: no flow
// into it was seen):
//   * what extraction cannot follow (extract/Origins.cpp lists it);
//   * the parameters of a function no call of the program names (an entry
//     point, a virtual override, a callback), or whose address goes where
//     the analysis does not follow it;
//   * what a function the program does not define returns; in a program
//     without main, what a call through a function value returns (a user
//     may install anything). In a program with main, a slot no function
//     of the program is stored into calls nothing: what it returns is no
//     object ('allocator->alloc' of a hook never set).
// Fresh objects: a function whose every return is a library allocation
// (or null, or another such function's result), through locals that go
// nowhere else than the return and parameters that do not escape
// (ParamOwnership: 'me = malloc(..); bipbuf_init(me, n); return me;'),
// returns a new object on each call: its calls join no class.
//
// Per-object origins (the race's confidence, checks/RaceCheck.cpp grade):
// where sets overlap, origins still say how likely one object is. A value
// read only from another object's memory (a pointer member or an embedded
// member of a class whose objects are not static, a local object of a
// function that runs more than once; perObjectNode), through the flows of
// the root's functions, most likely names one of many objects; one that may
// come from a global (sharedOrigin) names one every thread can reach. Static
// classes come from where the program makes their objects (countObjects,
// extract/ObjectCounts.cpp).
//
// Known limits (unsound where a program does this): a pointer copied by a
// function of a library that hands it back through another pointer it
// stores (not through a return), or through memory written as raw bytes
// (memcpy into a struct holding pointers of another type); a record read
// through another record type that shares no common initial sequence with
// it (extraction names the members of shared prefixes alike); a function
// value stored where FunctionValues.h does not follow it (through 'void *',
// a library container) and called from there, whose parameters then hold
// only what the calls the analysis sees pass.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <map>

namespace parcheck {

namespace {

using OriginSet = ProgramAnalysis::OriginSet;
using OriginSets = llvm::DenseMap<unsigned, OriginSet>;
using Flows = std::vector<std::pair<unsigned, unsigned>>; // (to, from)

llvm::StringRef functionOf(llvm::StringRef Node) {
  // "p:<usr>#i" or "r:<usr>"
  if (Node.starts_with("r:"))
    return Node.drop_front(2);
  if (auto Param = paramOriginNode(Node))
    return Param->first;
  return {};
}

/// Locals and parameters hold sets of classes; every other node is memory.
bool isVarNode(llvm::StringRef Node) {
  return Node.starts_with("p:") || Node.starts_with("l:");
}

/// Adds From's objects to To. A set with "?" (0) is only that: it may be
/// anything, and grows no more.
bool addTo(OriginSet &To, const OriginSet &From) {
  if (!To.empty() && To.front() == 0)
    return false;
  if (!From.empty() && From.front() == 0) {
    To.assign(1, 0);
    return true;
  }
  OriginSet U;
  std::set_union(To.begin(), To.end(), From.begin(), From.end(), std::back_inserter(U));
  if (U.size() == To.size())
    return false;
  To = std::move(U);
  return true;
}

/// Inclusion along Fs (To holds whatever From holds), from the sets already
/// in S to the least fixpoint; a flow into a node Into rejects gives nothing.
template <typename Pred> void propagate(const Flows &Fs, OriginSets &S, Pred Into) {
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> Succ;
  for (const auto &[To, From] : Fs)
    if (Into(To))
      Succ[From].push_back(To);
  std::vector<unsigned> Work;
  for (const auto &E : S)
    Work.push_back(E.first);
  while (!Work.empty()) {
    unsigned N = Work.back();
    Work.pop_back();
    auto It = Succ.find(N);
    if (It == Succ.end())
      continue;
    OriginSet From = S[N];
    for (unsigned T : It->second)
      if (addTo(S[T], From))
        Work.push_back(T);
  }
}

/// The flows of Fs into variable and return nodes, by source.
using FlowSucc = llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>>;
FlowSucc varFlows(const Flows &Fs, const std::vector<bool> &IsVar, const std::vector<bool> &IsRet) {
  FlowSucc Succ;
  for (const auto &[To, From] : Fs)
    if (IsVar[To] || IsRet[To])
      Succ[From].push_back(To);
  return Succ;
}

/// The variable and return nodes that may hold a value read from a node
/// Seed holds of, along Succ (varFlows).
template <typename SeedFn> llvm::DenseSet<unsigned> flowClosure(const FlowSucc &Succ, SeedFn Seed) {
  std::vector<unsigned> Work;
  llvm::DenseSet<unsigned> Out;
  for (const auto &[From, Tos] : Succ)
    if (Seed(From))
      for (unsigned To : Tos)
        if (Out.insert(To).second)
          Work.push_back(To);
  while (!Work.empty()) {
    unsigned N = Work.back();
    Work.pop_back();
    auto It = Succ.find(N);
    if (It != Succ.end())
      for (unsigned T : It->second)
        if (Out.insert(T).second)
          Work.push_back(T);
  }
  return Out;
}

/// The variable and return nodes of Succ (varFlows) whose every value is
/// read from per-object memory (Leaf; ProgramAnalysis::perObjectOrigin).
llvm::DenseSet<unsigned> perObjectVars(const FlowSucc &Succ, const std::vector<bool> &IsVar,
                                       const std::vector<bool> &IsRet,
                                       const std::vector<bool> &Leaf) {
  llvm::DenseSet<unsigned> Per = flowClosure(Succ, [&](unsigned N) { return Leaf[N]; });
  llvm::DenseSet<unsigned> Other =
      flowClosure(Succ, [&](unsigned N) { return !Leaf[N] && !IsVar[N] && !IsRet[N]; });
  for (unsigned N : Other)
    Per.erase(N);
  return Per;
}

/// A global pointer ("g:") or a global object ("o:").
bool globalNode(llvm::StringRef Node) { return Node.starts_with("g:") || Node.starts_with("o:"); }

/// A set that names its objects (not none, not "?").
bool known(const OriginSet &S) { return !S.empty() && S.front() != 0; }

using FlowIndex = llvm::StringMap<std::vector<llvm::StringRef>>;

/// M's list for K, without copying it (StringMap::lookup copies).
const std::vector<llvm::StringRef> &at(const FlowIndex &M, llvm::StringRef K) {
  static const std::vector<llvm::StringRef> None;
  auto It = M.find(K);
  return It == M.end() ? None : It->second;
}

/// The pointer members whose every store is of one global's object (a
/// global object's address, or a global pointer's value): they hold that one
/// object, whoever owns them.
std::set<std::string> oneSourceMembers(const FlowIndex &In) {
  std::set<std::string> Out;
  for (const auto &E : In) {
    llvm::StringRef K = E.getKey();
    const std::vector<llvm::StringRef> &Srcs = E.getValue();
    if (K.starts_with("f:") && !Srcs.empty() && globalNode(Srcs[0]) &&
        llvm::all_of(Srcs, [&](llvm::StringRef S) { return S == Srcs[0]; }))
      Out.insert(K.str());
  }
  return Out;
}

/// The returns ("r:<usr>") of functions that return a fresh object on each
/// call, given the flows into (In) and out of (Out) each node: every value
/// returned is a library allocation, null, another such return, or a local
/// given only those that goes nowhere but the return and parameters that do
/// not escape. A greatest fixpoint.
llvm::StringSet<> freshReturns(const ProgramAnalysis &PA, const FlowIndex &In,
                               const FlowIndex &Out, const llvm::StringSet<> &Dead) {
  llvm::StringSet<> FreshRet;
  for (const auto &E : In)
    if (E.getKey().starts_with("r:") && PA.function(functionOf(E.getKey())))
      FreshRet.insert(E.getKey());
  auto FreshLocal = [&](llvm::StringRef L, llvm::StringRef Ret) {
    for (llvm::StringRef S : at(In, L))
      if (!(S == "*" || S.empty() || FreshRet.count(S) || Dead.count(S)))
        return false;
    for (llvm::StringRef D : at(Out, L)) {
      if (D == Ret)
        continue;
      auto Param = paramOriginNode(D);
      if (!Param || PA.paramEscapes(Param->first.str(), Param->second))
        return false;
    }
    return true;
  };
  for (bool Changed = true; Changed;) {
    std::vector<std::string> Drop;
    for (const auto &E : FreshRet) {
      llvm::StringRef R = E.getKey();
      for (llvm::StringRef S : at(In, R))
        if (!(S == "*" || S.empty() || FreshRet.count(S) || Dead.count(S) ||
              (S.starts_with("l:") && FreshLocal(S, R)))) {
          Drop.push_back(R.str());
          break;
        }
    }
    for (const std::string &D : Drop)
      FreshRet.erase(D);
    Changed = !Drop.empty();
  }
  return FreshRet;
}

/// The flows of the globals' initialisers (under "") and of the functions a
/// root reaches.
Flows reachedFlows(std::map<std::string, Flows> &FnFlows,
                   const ReachMap &Reached) {
  Flows Fs = FnFlows[""];
  for (const auto &[Usr, Rch] : Reached) {
    auto It = FnFlows.find(Usr);
    if (It != FnFlows.end())
      Fs.insert(Fs.end(), It->second.begin(), It->second.end());
  }
  return Fs;
}

/// Leaf without the nodes of Cells: a root's per-object memory.
std::vector<bool> withoutCells(std::vector<bool> Leaf, const std::set<std::string> &Cells,
                               const llvm::StringMap<unsigned> &Nodes) {
  for (const std::string &Cell : Cells)
    if (auto It = Nodes.find(Cell); It != Nodes.end())
      Leaf[It->second] = false;
  return Leaf;
}

/// The record type of member Key ("Class::m") when it is held by value, else
/// "".
std::string memberRecord(const Program &P, llvm::StringRef Key) {
  size_t Sep = Key.rfind("::");
  if (Sep == llvm::StringRef::npos)
    return {};
  auto It = P.ClassMembers.find(Key.take_front(Sep).str());
  if (It == P.ClassMembers.end())
    return {};
  llvm::StringRef Name = Key.drop_front(Sep + 2);
  for (const auto &[M, Type] : It->second)
    if (M == Name)
      return Type;
  return {};
}

/// Adds to Out the pointer members ("f:") of record Rec and of the records it
/// holds by value: the cells a copy of a global's Rec object carries.
void copiedCells(const Program &P, const std::string &Rec, const llvm::StringMap<unsigned> &Nodes,
                 std::set<std::string> &Out) {
  P.forEachMember(Rec, [&](const std::string &R, const std::string &M) {
    if (std::string Cell = "f:" + R + "::" + M; Nodes.count(Cell))
      Out.insert(std::move(Cell));
  });
}

/// Per root R: the pointer members (nodes "f:Class::m") R's functions name
/// on a global object itself (FunctionFacts::GlobalCells; a global's
/// initialiser's, TUFacts::GlobalCells, count for every root), or use on an
/// object that may be a global one ("o:", through R's variables:
/// 'e->stats.pages' with 'e' given '&eng'; Succs[R], varFlows), and those a
/// whole record copied out of such an object carries (copiedCells): a value
/// R reads from one may be that shared object's. Not an object a global
/// pointer points to: the jobs a global list's head reaches are objects of
/// their own.
std::vector<std::set<std::string>> sharedCells(const ProgramAnalysis &PA,
                                               const llvm::StringMap<unsigned> &Nodes,
                                               const std::vector<bool> &IsGlobalObject,
                                               const std::vector<FlowSucc> &Succs) {
  std::vector<std::set<std::string>> Cells(PA.Roots.size());
  for (size_t R = 0; R < PA.Roots.size(); ++R) {
    std::set<std::string> &Out = Cells[R];
    Out.insert(PA.P.GlobalCells.begin(), PA.P.GlobalCells.end());
    llvm::DenseSet<unsigned> Global =
        flowClosure(Succs[R], [&](unsigned N) { return IsGlobalObject[N]; });
    auto OnGlobal = [&](const std::string &Node) {
      auto It = Node.empty() ? Nodes.end() : Nodes.find(Node);
      return It != Nodes.end() && (IsGlobalObject[It->second] || Global.count(It->second));
    };
    for (const auto &[Usr, Reach] : PA.Reached[R]) {
      const FunctionFacts *F = PA.function(Usr);
      if (!F)
        continue;
      Out.insert(F->GlobalCells.begin(), F->GlobalCells.end());
      for (const AccessFact &A : F->Accesses) {
        if (!A.ClassLevel || !(OnGlobal(A.Origin) || OnGlobal(A.Container)))
          continue;
        if (std::string Cell = "f:" + A.Field; Nodes.count(Cell))
          Out.insert(std::move(Cell));
        // A whole object read ('memcpy(st, &e->stats, ..)', '*st = *g'):
        // a copy of the global's own.
        if (!A.Record.empty())
          copiedCells(PA.P, A.Record, Nodes, Out);
        else if (std::string T = memberRecord(PA.P, A.Field); !T.empty())
          copiedCells(PA.P, T, Nodes, Out);
      }
    }
    // An embedded member object of a global used here ('&eng.stats'): its
    // pointer members are the global's too.
    for (const std::string &Cell : std::vector<std::string>(Out.begin(), Out.end()))
      if (llvm::StringRef(Cell).starts_with("e:"))
        if (std::string T = memberRecord(PA.P, Cell.substr(2)); !T.empty())
          copiedCells(PA.P, T, Nodes, Out);
  }
  return Cells;
}

} // namespace

/// The parameters of functions called through function values: a call
/// written through a slot binds each parameter of each function it resolves
/// to (FunctionValues.cpp) to its argument's value (CallFact::ArgValues),
/// as a direct call's flows do; what an event loop, a library or a thread
/// start calls is given "?" there. A function handed to a followed slot
/// ("&" in the facts) has no other binding.
template <typename AddFn>
static void bindValueCalls(const Program &P, const llvm::StringMap<unsigned> &Nodes, AddFn &Add) {
  std::map<std::string, std::vector<std::pair<unsigned, std::string>>> Params;
  for (const auto &E : Nodes) {
    if (auto Param = paramOriginNode(E.getKey()))
      Params[Param->first.str()].push_back({Param->second, E.getKey().str()});
  }
  for (auto &[Fn, Ps] : Params)
    std::sort(Ps.begin(), Ps.end());
  for (const auto &[Usr, F] : P.Functions) {
    std::vector<std::pair<std::string, std::string>> Fs;
    auto Bind = [&](const std::string &Callee, const CallFact *C) {
      auto It = Params.find(Callee);
      if (It == Params.end())
        return;
      for (const auto &[I, Key] : It->second) {
        std::string Value = "?";
        if (C)
          for (const auto &[Arg, V] : C->ArgValues)
            if (Arg == I)
              Value = V;
        Fs.push_back({Key, Value});
      }
    };
    for (const CallFact &C : F.Calls) {
      if (!C.Resolved)
        continue;
      Bind(C.Callee, C.ArgsSeen ? &C : nullptr);
      // What it returns is what the call through the slot returns.
      if (std::string R = "r:" + C.Callee; !C.ResolvedSlot.empty() && Nodes.count(R))
        Fs.push_back({"v:" + C.ResolvedSlot.str(), R});
    }
    for (const SpawnFact &S : F.Spawns)
      if (!S.Entry.empty())
        Bind(S.Entry, nullptr);
    if (!Fs.empty())
      Add(Usr, Fs);
  }
}

void ProgramAnalysis::computeOrigins() {
  // The functions some direct call names.
  llvm::StringSet<> Called, CalledSlots;
  bool HasMain = P.hasMain();
  for (const auto &[Usr, F] : P.Functions) {
    for (const CallFact &C : F.Calls) {
      if (!C.Callee.empty())
        Called.insert(C.Callee);
      if (C.Resolved && !C.ResolvedSlot.empty())
        CalledSlots.insert("v:" + C.ResolvedSlot.str());
    }
  }
  FlowIndex In, Out;
  auto Index = [&](llvm::ArrayRef<std::pair<std::string, std::string>> Fs) {
    for (const auto &[To, From] : Fs) {
      In[To].push_back(From);
      Out[From].push_back(To);
    }
  };
  std::vector<std::pair<std::string, std::string>> GlobalFlows(P.OriginFlows.begin(),
                                                               P.OriginFlows.end());
  Index(GlobalFlows);
  for (const auto &[Usr, F] : P.Functions)
    Index(F.OriginFlows);
  // What a call through a slot returns ("v:<slot>"): in a whole program
  // (with main), a slot given no function of it calls nothing, so its calls
  // return no object (Dead: 'allocator->alloc' of a hook never set); in a
  // library, anything a user of it installs ("?").
  llvm::StringSet<> Dead;
  for (const auto &E : In)
    for (llvm::StringRef S : E.getValue())
      if (S.starts_with("v:") && HasMain && !CalledSlots.count(S))
        Dead.insert(S);
  llvm::StringSet<> FreshRet = freshReturns(*this, In, Out, Dead);

  std::vector<bool> IsVar;
  auto Node = [&](llvm::StringRef K) {
    auto [It, New] = OriginNodes.try_emplace(K, unsigned(IsVar.size()));
    if (New)
      IsVar.push_back(isVarNode(K));
    return It->second;
  };
  Node("?");
  // Each function's flows, and the globals' initialisers' (under "").
  std::map<std::string, Flows> FnFlows;
  ParamSources.clear();
  auto Add = [&](const std::string &Fn, llvm::ArrayRef<std::pair<std::string, std::string>> Fs) {
    for (const auto &[To, From] : Fs) {
      if (From == "&")
        continue; // bound by the calls of function values, below
      bool Fresh = From.empty() || From == "*" || FreshRet.count(From) || FreshRet.count(To) ||
                   Dead.count(From);
      // A fresh object given to a parameter is a class of no other: the
      // caller's list gets no node, but the entry that says it calls.
      if (llvm::StringRef(To).starts_with("p:") && !Fn.empty()) {
        std::vector<unsigned> &Srcs = ParamSources[Node(To)][Fn];
        if (!Fresh)
          Srcs.push_back(Node(From));
      }
      if (!Fresh)
        FnFlows[Fn].push_back({Node(To), Node(From)});
    }
  };
  Add("", GlobalFlows);
  for (const auto &[Usr, F] : P.Functions) {
    Add(Usr, F.OriginFlows);
    for (const AccessFact &A : F.Accesses)
      if (!A.Origin.empty())
        Node(A.Origin);
  }
  bindValueCalls(P, OriginNodes, Add);
  // Each memory node stands for the objects stored into it fresh (its own
  // object, named by its index); "?" is object 0. Parameters bound by calls
  // not seen (no call names the function, or its address goes where calls
  // are not seen) and returns of code not in the program hold "?" on every
  // thread.
  OriginSets Mem;
  for (unsigned I = 0; I < IsVar.size(); ++I)
    if (!IsVar[I])
      Mem[I] = {I};
  std::vector<unsigned> Open;
  for (const auto &E : OriginNodes) {
    llvm::StringRef K = E.getKey(), Fn = functionOf(K);
    if (K.starts_with("v:") && !HasMain)
      Mem[E.getValue()] = {0};
    if (Fn.empty())
      continue;
    bool Seen = function(Fn) && (K.starts_with("r:") || Called.count(Fn));
    if (K.starts_with("p:")) {
      const std::vector<llvm::StringRef> &Srcs = at(In, K);
      if (!Seen || std::find(Srcs.begin(), Srcs.end(), "?") != Srcs.end())
        Open.push_back(E.getValue());
    } else if (!Seen) {
      Mem[E.getValue()] = {0};
    }
  }
  std::sort(Open.begin(), Open.end());
  // Memory nodes hold what every function stores into them (inclusion, as
  // Andersen's analysis: 'q->next = p' gives 'next' p's objects, not p
  // 'next''s), through every variable of every thread.
  Flows All;
  for (const auto &[Fn, Fs] : FnFlows)
    All.insert(All.end(), Fs.begin(), Fs.end());
  for (unsigned N : Open)
    Mem[N] = {0};
  propagate(All, Mem, [](unsigned) { return true; });
  OriginIsVar = IsVar;
  OriginMem.assign(IsVar.size(), OriginSet());
  for (unsigned I = 0; I < IsVar.size(); ++I)
    if (!IsVar[I])
      OriginMem[I] = Mem.lookup(I);
  // Per root: the variables' sets from the flows of the functions it
  // reaches, and the memory they read.
  RootOrigins.clear();
  RootOrigins.resize(Roots.size());
  RootPerObject.assign(Roots.size(), {});
  RootShared.assign(Roots.size(), {});
  countObjects();
  OneSourceNodes = oneSourceMembers(In);
  std::vector<bool> IsRet(IsVar.size()), IsGlobal(IsVar.size()), IsGlobalObject(IsVar.size());
  for (const auto &E : OriginNodes) {
    IsGlobal[E.getValue()] = globalNode(E.getKey());
    IsGlobalObject[E.getValue()] = E.getKey().starts_with("o:");
    IsRet[E.getValue()] = E.getKey().starts_with("r:");
  }
  std::vector<FlowSucc> Succs(Roots.size());
  for (size_t R = 0; R < Roots.size(); ++R) {
    Flows Fs = reachedFlows(FnFlows, Reached[R]);
    OriginSets S;
    for (unsigned N : Open)
      S[N] = {0};
    for (const auto &[To, From] : Fs)
      if (IsVar[To] && !IsVar[From])
        addTo(S[To], OriginMem[From]);
    propagate(Fs, S, [&](unsigned N) { return bool(IsVar[N]); });
    RootOrigins[R] = std::move(S);
    Succs[R] = varFlows(Fs, IsVar, IsRet);
    RootShared[R] = flowClosure(Succs[R], [&](unsigned N) { return IsGlobal[N]; });
  }
  RootSharedCells = sharedCells(*this, OriginNodes, IsGlobalObject, Succs);
  std::vector<bool> Base(IsVar.size());
  for (const auto &E : OriginNodes)
    Base[E.getValue()] = perObjectMemory(E.getKey());
  for (size_t R = 0; R < Roots.size(); ++R)
    RootPerObject[R] =
        perObjectVars(Succs[R], IsVar, IsRet, withoutCells(Base, RootSharedCells[R], OriginNodes));
}

ProgramAnalysis::OriginSet ProgramAnalysis::originsOf(size_t R, const std::string &Origin) const {
  if (Origin.empty() || R >= RootOrigins.size())
    return {};
  auto It = OriginNodes.find(Origin);
  if (It == OriginNodes.end())
    return {};
  unsigned N = It->second;
  if (!OriginIsVar[N])
    return known(OriginMem[N]) ? OriginMem[N] : OriginSet();
  auto It2 = RootOrigins[R].find(N);
  // None: no value was seen to flow in. "?" (class 0) sorts first.
  if (It2 == RootOrigins[R].end() || It2->second.empty() || It2->second.front() == 0)
    return {};
  return It2->second;
}

// The classes one caller passes to a parameter (the call-site split,
// Analysis.cpp): only for a parameter whose set is known in the root, so
// that every flow into it is a caller's; the union of the sets of what the
// caller's flows give it.
ProgramAnalysis::OriginSet ProgramAnalysis::originsFromCaller(size_t R, const std::string &Fn,
                                                              const std::string &Origin,
                                                              const std::string &Caller) const {
  if (Origin.empty() || Origin.compare(0, 2, "p:") != 0 || functionOf(Origin) != Fn ||
      originsOf(R, Origin).empty())
    return {};
  auto N = OriginNodes.find(Origin);
  auto Srcs = N == OriginNodes.end() ? ParamSources.end() : ParamSources.find(N->second);
  if (Srcs == ParamSources.end())
    return {};
  auto From = Srcs->second.find(Caller);
  if (From == Srcs->second.end())
    return {};
  OriginSet Set;
  for (unsigned Node : From->second) {
    if (!OriginIsVar[Node]) {
      if (!known(OriginMem[Node]))
        return {};
      Set.insert(Set.end(), OriginMem[Node].begin(), OriginMem[Node].end());
      continue;
    }
    auto It = RootOrigins[R].find(Node);
    if (It == RootOrigins[R].end() || It->second.empty() || It->second.front() == 0)
      return {};
    Set.insert(Set.end(), It->second.begin(), It->second.end());
  }
  std::sort(Set.begin(), Set.end());
  Set.erase(std::unique(Set.begin(), Set.end()), Set.end());
  return Set;
}

namespace {
/// The node call C's argument I is read from ('poll(w->buf)': "f:watcher::buf"),
/// when the facts say (CallFact::ArgOrigins); empty otherwise.
std::string argOrigin(const CallFact &C, unsigned I) {
  std::string Node;
  for (const auto &[Arg, N] : C.ArgOrigins)
    if (Arg == I)
      Node = N;
  return Node;
}
} // namespace

ProgramAnalysis::OriginSet ProgramAnalysis::originsAtCall(size_t R, const std::string &Fn,
                                                          const std::string &Origin,
                                                          const CallInto &Site) const {
  const std::string &Caller = Site.Caller->Usr;
  OriginSet Any = originsFromCaller(R, Fn, Origin, Caller);
  if (Any.empty())
    return Any;
  auto Param = paramOriginNode(Origin);
  if (!Param)
    return Any;
  unsigned I = Param->second;
  static const ObjRef NoRef;
  const ObjRef &O = I < Site.Call->Args.size() ? Site.Call->Args[I] : NoRef;
  // The node this call's argument is read from, when known.
  std::string Key = argOrigin(*Site.Call, I);
  if (O.K == ObjRef::Param) {
    if (std::optional<unsigned> PI = paramIndex(O.Id, Caller)) {
      Key = "p:" + Caller + "#" + std::to_string(*PI);
      // A deeper split: what the call into the caller passes there.
      if (Site.Outer) {
        OriginSet Deep = originsAtCall(R, Caller, Key, *Site.Outer);
        if (!Deep.empty())
          return Deep;
      }
    }
  } else if (Key.empty() && O.K == ObjRef::Class && O.Obj.kind() == IdKind::Usr) {
    Key = "o:" + O.Obj.key();
  }
  auto N = Key.empty() ? OriginNodes.end() : OriginNodes.find(Key);
  if (N == OriginNodes.end())
    return Any;
  if (!OriginIsVar[N->second])
    return known(OriginMem[N->second]) ? OriginMem[N->second] : Any;
  auto It = RootOrigins[R].find(N->second);
  if (It == RootOrigins[R].end() || It->second.empty() || It->second.front() == 0)
    return Any;
  return It->second;
}

std::string ProgramAnalysis::nodeAtCall(const std::string &Origin, const CallInto *Site) {
  std::string Node = Origin;
  for (; Site && llvm::StringRef(Node).starts_with("p:"); Site = Site->Outer.get()) {
    auto Param = paramOriginNode(Node);
    if (!Param || Param->first != Site->Call->Callee.str())
      return {};
    Node = argOrigin(*Site->Call, Param->second);
    if (Node.empty())
      return {};
  }
  return Node;
}

bool ProgramAnalysis::perObjectNode(size_t R, llvm::StringRef Node) const {
  // A member the root's code uses on a global object (RootSharedCells): a
  // value it reads from it may be that shared one's.
  return perObjectMemory(Node) &&
         !(R < RootSharedCells.size() && RootSharedCells[R].count(Node.str()));
}

bool ProgramAnalysis::perObjectMemory(llvm::StringRef Node) const {
  // "a:<local usr>", "c:<file>@<offset>@<function usr without 'c:'>@<name>":
  // a local object of a function that runs more than once (each run has its
  // own).
  if (Node.consume_front("a:c:")) {
    llvm::StringRef File = Node.take_until([](char C) { return C == '@'; });
    llvm::StringRef Fn = Node.drop_front(File.size() + 1).split('@').second.rsplit('@').first;
    for (const std::string &U : {"c:@" + Fn.str(), "c:" + File.str() + "@" + Fn.str()})
      if (function(U))
        return runsPerCall(U);
    return false;
  }
  if (!Node.starts_with("f:") && !Node.starts_with("e:"))
    return false;
  // One object whoever owns the member.
  if (P.OneObjectNodes.count(Node.str()) || OneSourceNodes.count(Node.str()))
    return false;
  // "f:Class::member": not per object when Class's objects are static
  // ("f:~name:type", a member of several records' common prefix, is of no
  // one class).
  llvm::StringRef Key = Node.drop_front(2);
  size_t Sep = Key.rfind("::");
  return Key.starts_with("~") || Sep == llvm::StringRef::npos ||
         !StaticObjectClasses.count(Key.take_front(Sep).str());
}

void ProgramAnalysis::countObjects() {
  // Each function's direct calls: (caller, in a loop).
  // (Keys and callers are the facts' own strings: hashed, not copied.)
  llvm::DenseMap<llvm::StringRef, std::vector<std::pair<llvm::StringRef, bool>>> CallsOf;
  for (const auto &[Usr, F] : P.Functions)
    for (const CallFact &C : F.Calls)
      if (!C.Callee.empty())
        CallsOf[C.Callee].push_back({Usr, C.InLoop});
  llvm::DenseSet<llvm::StringRef> Mains, Entries;
  for (const Root &R : Roots)
    (R.IsMain ? Mains : Entries).insert(R.Entry);
  // Does Fn run once per program run: main, or called at one call out of
  // any loop of a function that runs once (not a thread entry, not itself).
  auto Once = [&](llvm::StringRef Fn) {
    for (int Depth = 0; Depth < 8; ++Depth) {
      if (Mains.count(Fn))
        return true;
      auto It = CallsOf.find(Fn);
      if (Entries.count(Fn) || It == CallsOf.end() || It->second.size() != 1 ||
          It->second[0].second || It->second[0].first == Fn)
        return false;
      Fn = It->second[0].first;
    }
    return false;
  };
  OnceFunctions.clear();
  for (const auto &[Usr, F] : P.Functions)
    if (Once(Usr))
      OnceFunctions.insert(Usr);
  std::map<std::string, std::vector<llvm::StringRef>> Sites;
  for (const auto &[Record, Where] : P.ObjectSites)
    Sites[Record].push_back(Where);
  StaticObjectClasses.clear();
  // A member object is static when its owner's class is: to a fixpoint.
  auto Static = [&](llvm::StringRef W) {
    if (W.starts_with("global:"))
      return true;
    // "once:<line>:<col>:<function usr>"
    if (W.consume_front("once:"))
      return OnceFunctions.count(W.split(':').second.split(':').second) != 0;
    return W.consume_front("member:") &&
           StaticObjectClasses.count(W.take_front(W.rfind("::")).str()) != 0;
  };
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const auto &[Record, Where] : Sites)
      if (!P.ManyObjects.count(Record) && !StaticObjectClasses.count(Record) &&
          llvm::all_of(Where, Static))
        Grew |= StaticObjectClasses.insert(Record).second;
  }
}

bool ProgramAnalysis::sharedOrigin(size_t R, const std::string &Origin) const {
  if (globalNode(Origin))
    return true;
  auto It = OriginNodes.find(Origin);
  return It != OriginNodes.end() && R < RootShared.size() && RootShared[R].count(It->second);
}

bool ProgramAnalysis::perObjectOrigin(size_t R, const std::string &Origin) const {
  if (perObjectNode(R, Origin))
    return true;
  auto It = OriginNodes.find(Origin);
  return It != OriginNodes.end() && R < RootPerObject.size() &&
         RootPerObject[R].count(It->second);
}

bool ProgramAnalysis::disjoint(llvm::ArrayRef<unsigned> A, llvm::ArrayRef<unsigned> B) {
  auto I = A.begin(), J = B.begin();
  while (I != A.end() && J != B.end()) {
    if (*I == *J)
      return false;
    if (*I < *J)
      ++I;
    else
      ++J;
  }
  return true;
}

} // namespace parcheck
