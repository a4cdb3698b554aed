//===- LockOrderCheck.cpp - parcheck-lock-order ---------------------------===//
//
// The rule: build one lock-order graph for the whole program, with an edge
// A -> B whenever B is acquired (blocking) while A is held:
//   * within a function: an Acquire whose must-held set contains A;
//   * through calls: A held at a call site (or on entry to the caller) and B
//     acquired by the callee or anything it calls, across translation units.
// A cycle in the graph is a potential deadlock. Each report shows the cycle
// and, for every edge, where the first lock was taken and where the second was
// taken while it was held, with the call chain when the edge crosses calls.
//
// Wrinkles:
//   * no edge for a try-lock (it does not block), nor between the mutexes that
//     std::lock / std::scoped_lock take together;
//   * a parameter lock ('param:f#i') is replaced by what each call site passes,
//     so transfer(&a, &b) and transfer(&b, &a) make the edges a->b and b->a;
//   * a cycle whose edges all hold one common lock (a gate lock, held
//     exclusively) cannot deadlock, nor one that only a single thread running
//     alone can take (all edges from main, or from one root with one instance);
//     every two of its edges must be able to run at once (each thread holds
//     its lock while it waits), and not when one's thread cannot be running
//     at the other's point: created after it, or joined before it, also in
//     helpers (ProgramAnalysis::mayRunAt, as for races);
//   * two locks of one lock class (a mutex member, an array of locks) taken one
//     after the other through different objects ('a->mu' then 'b->mu') is an
//     edge from the class to itself: the order depends on the arguments, and it
//     is reported on its own with the classic fixes (also through lock
//     wrappers: 'lock_account(from); lock_account(to);');
//   * a condition wait takes its mutex again on wakeup while the thread still
//     holds its other locks: edges like an acquire;
//   * a cycle where a reader would wait for a lock the next thread holds as a
//     reader cannot block there;
//   * orders declared with ACQUIRED_BEFORE / ACQUIRED_AFTER are edges too;
//   * a lock held on some paths only (LockOpFact::MayHeldBefore,
//     CallFact::MayHeld) makes edges like a held one ("possibly holding");
//   * a local lock pointer stands for each lock it may point to
//     (FunctionFacts::LockTargets); a never-assigned one for every named lock;
//   * two global lock pointers unified by the points-to facts (set from one
//     place) taken one inside the other may be one mutex taken twice;
//   * same-class inversions are dropped when every call site passes known
//     objects in one order (ObjRef::Obj names a global passed by address).
//
// Known limits: two objects of one class ordered at run time are recognised
// only when one function takes them both ways round; a lock wrapper defined in
// another translation unit adds no acquisition to its callers; cycles longer
// than six locks are not searched.
//
// Glossary
//   witness  one place that makes an edge: the function, where each lock was
//            taken, the call chain, the locks held there (the gate candidates)
//            and the threads that run it.
//
//===----------------------------------------------------------------------===//
#include "checks/Registry.h"
#include "analysis/LockChecks.h"
#include "report/Message.h"
#include "parcheck/StableSort.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace parcheck {
namespace {

using namespace lockchecks;

struct Witness {
  Id From, To;
  std::string FromName, ToName;
  SrcLoc HeldAt, AcquireAt;
  std::string Fn;    ///< Where the edge arises (the caller for call edges).
  SrcLoc At;         ///< The point of Fn where it arises (an acquire, a call).
  std::string AcqFn; ///< The function that takes To.
  std::vector<std::string> Chain; ///< "f at file:l:c", outermost first.
  std::set<Id> Gate;              ///< Locks held exclusively when To is taken.
  std::set<std::string> Live;     ///< Handles live at the witness in Fn.
  bool Declared = false;          ///< From ACQUIRED_BEFORE / ACQUIRED_AFTER, not code.
  bool FromShared = false, ToShared = false; ///< Held / taken as a reader.
  bool ByWait = false; ///< To is the mutex a condition wait takes again on wakeup.
  bool MayFrom = false; ///< From is held on some paths only ('if (k) lock(a);').
  /// FromName / ToName is a lock pointer's target named through that pointer
  /// ("'mu' through 'm'"): such a node stands for no lock of its own, so
  /// expandUnknown does not take it as a possible target.
  bool FromThrough = false, ToThrough = false;
};

class LockOrderCheck {
public:
  LockOrderCheck(const ProgramAnalysis &A, FindingSink &Sink) : A(A), Sink(Sink) {}

  void run() {
    for (const auto &[Usr, F] : A.P.Functions)
      for (const auto &[L, T] : F.LockTargets)
        Targets[L].push_back(T);
    collectEdges();
    expandUnknown();
    mayAlias();
    findCycles();
    sameClass();
  }

private:
  const ProgramAnalysis &A;
  FindingSink &Sink;
  std::map<Id, std::map<Id, std::vector<Witness>>> Graph;
  /// Callee USR -> (caller USR, a P.Functions key; the call), in P.Functions
  /// order. Keyed by the calls' interned Callee text: nothing is copied.
  llvm::DenseMap<llvm::StringRef, std::vector<std::pair<const std::string *, const CallFact *>>>
      Callers;
  /// entryLocks(A, Usr, true) of each function, by its number (collectEdges).
  std::vector<std::set<Id>> EntryOf;
  const std::set<Id> &entryOf(const std::string &Usr) { return EntryOf[A.fnNumber(Usr)]; }
  std::map<std::string, std::vector<const SpawnFact *>> Spawners;
  /// What a local lock pointer may point to (FunctionFacts::LockTargets).
  std::map<Id, std::vector<HeldLock>> Targets;
  /// Witnesses through a lock pointer that is never assigned: any lock.
  std::vector<std::pair<Witness, bool>> Unknown; ///< (witness, the From side)



  // ---- edges -----------------------------------------------------------------

  void addWitness(Witness W) {
    // A local lock pointer stands for each lock it may point to.
    for (bool Side : {true, false}) {
      auto It = Targets.find(Side ? W.From : W.To);
      if (It == Targets.end())
        continue;
      std::string Via = Side ? W.FromName : W.ToName;
      for (const HeldLock &T : It->second) {
        Witness N = W;
        if (T.Id == anyLockId()) {
          Unknown.push_back({N, Side});
          continue;
        }
        (Side ? N.From : N.To) = T.Id;
        (Side ? N.FromName : N.ToName) = T.Name + "' through '" + Via;
        (Side ? N.FromThrough : N.ToThrough) = true;
        addWitness(std::move(N));
      }
      return;
    }
    HeldLock F{W.From, W.FromName, false, {}}, T{W.To, W.ToName, false, {}};
    F = A.resolveLock(F);
    T = A.resolveLock(T);
    // A lock renamed by its resolution is no longer named through a pointer.
    W.FromThrough = W.FromThrough && F.Name == W.FromName;
    W.ToThrough = W.ToThrough && T.Name == W.ToName;
    W.From = F.Id;
    W.FromName = F.Name;
    W.To = T.Id;
    W.ToName = T.Name;
    if (W.From == W.To)
      return; // self edges: sameClass() and the double-lock check
    std::set<Id> Gate;
    for (const Id &G : W.Gate)
      Gate.insert(A.resolveLock(HeldLock{G, "", false, {}}).Id);
    W.Gate = Gate;
    Graph[W.From][W.To].push_back(std::move(W));
  }

  /// Replaces parameter locks of W.Fn by what each caller passes (one level),
  /// then adds the witness.
  void expand(const Witness &W) {
    auto IsOwnParam = [&](const Id &L) { return isParamOf(L, W.Fn); };
    if (!IsOwnParam(W.From) && !IsOwnParam(W.To)) {
      addWitness(W);
      return;
    }
    bool Any = false;
    // W seen from a call or spawn that passes Args; nullopt when it does not say.
    auto Bound = [&](llvm::ArrayRef<ObjRef> Args) -> std::optional<Witness> {
      HeldLock F = bindParam(HeldLock{W.From, W.FromName, false, {}}, W.Fn, Args);
      HeldLock T = bindParam(HeldLock{W.To, W.ToName, false, {}}, W.Fn, Args);
      if (IsOwnParam(F.Id) || IsOwnParam(T.Id))
        return std::nullopt;
      Witness N = W;
      N.From = F.Id;
      N.FromName = F.Name;
      N.To = T.Id;
      N.ToName = T.Name;
      N.Gate = bindAll(W.Gate, W.Fn, Args);
      return N;
    };
    auto CI = Callers.find(W.Fn);
    if (CI != Callers.end())
      for (const auto &[UsrP, CP] : CI->second) {
        const std::string &Usr = *UsrP;
        const CallFact &C = *CP;
        const FunctionFacts &G = A.P.Functions.at(Usr);
        std::optional<Witness> B = Bound(C.Args);
        if (!B)
          continue;
        Any = true;
        Witness &N = *B;
        N.Fn = Usr;
        N.At = C.Where;
        N.Live.insert(C.Live.begin(), C.Live.end());
        for (const Id &H : exclusiveIds(C.Held))
          N.Gate.insert(H);
        for (const Id &H : entryOf(Usr))
          N.Gate.insert(H);
        N.Chain.insert(N.Chain.begin(), G.Name + " at " + C.Where.str());
        addWitness(N);
      }
    auto SI = Spawners.find(W.Fn);
    if (SI != Spawners.end())
      for (const SpawnFact *SP : SI->second) {
        std::optional<Witness> B = Bound(SP->Args);
        if (!B)
          continue;
        Any = true;
        addWitness(*B);
      }
    if (!Any)
      addWitness(W);
  }

  void collectEdges() {
    EntryOf.reserve(A.P.Functions.size());
    for (const auto &[Usr, F] : A.P.Functions) {
      EntryOf.push_back(entryLocks(A, Usr, true)); // before any expand() reads a caller's
      for (const CallFact &C : F.Calls)
        Callers[C.Callee].push_back({&Usr, &C});
      for (const SpawnFact &S : F.Spawns)
        Spawners[S.Entry].push_back(&S);
    }
    for (const auto &[Usr, F] : A.P.Functions) {
      const std::set<Id> &Entry = entryOf(Usr);
      std::set<std::string> Live;
      for (const LockOpFact &O : F.LockOps) {
        // A condition wait releases its mutex and takes it again on wakeup,
        // while the thread still holds every other lock: edges like an acquire.
        if (O.Kind != LockOpFact::Acquire && O.Kind != LockOpFact::Wait)
          continue;
        std::set<Id> Gate = exclusiveIds(O.HeldBefore);
        Gate.insert(Entry.begin(), Entry.end());
        // Locks held on every path, then those held on some paths only.
        LockSet Before = O.HeldBefore;
        Before.insert(Before.end(), O.MayHeldBefore.begin(), O.MayHeldBefore.end());
        for (size_t HI = 0; HI < Before.size(); ++HI) {
          const HeldLock &H = Before[HI];
          if (H.Id == O.Lock.Id)
            continue;
          if (O.Multi && H.Where == O.Where)
            continue; // taken together by std::lock / scoped_lock
          Witness W;
          W.From = H.Id;
          W.FromName = H.Name;
          W.To = O.Lock.Id;
          W.ToName = O.Lock.Name;
          W.FromShared = H.Shared;
          W.ToShared = O.Lock.Shared;
          W.HeldAt = H.Where;
          W.AcquireAt = O.Where;
          W.At = O.Where;
          W.Fn = W.AcqFn = Usr;
          W.ByWait = O.Kind == LockOpFact::Wait;
          W.MayFrom = HI >= O.HeldBefore.size();
          W.Gate = Gate;
          W.Live.insert(O.Live.begin(), O.Live.end());
          expand(W);
        }
      }
      for (const CallFact &C : F.Calls) {
        if (C.Held.empty() && C.MayHeld.empty())
          continue;
        auto It = A.Acquired.find(C.Callee);
        if (It == A.Acquired.end())
          continue;
        LockSet Before = C.Held;
        Before.insert(Before.end(), C.MayHeld.begin(), C.MayHeld.end());
        for (const auto &[Lock, S] : It->second) {
          HeldLock To = bindParam(S.Lock, C.Callee, C.Args);
          for (size_t HI = 0; HI < Before.size(); ++HI) {
            const HeldLock &H = Before[HI];
            if (H.Id == To.Id || H.Where == C.Where)
              continue; // the same lock, or one taken by this very call (a wrapper)
            Witness W;
            W.From = H.Id;
            W.FromName = H.Name;
            W.To = To.Id;
            W.ToName = To.Name;
            W.FromShared = H.Shared;
            W.ToShared = To.Shared;
            W.HeldAt = H.Where;
            W.AcquireAt = S.Op->Where;
            W.At = C.Where;
            W.Fn = Usr;
            W.AcqFn = S.Fn;
            W.MayFrom = HI >= C.Held.size();
            W.Chain = S.chain();
            W.Chain.insert(W.Chain.begin(), F.Name + " at " + C.Where.str());
            W.Gate = bindAll(S.Held, C.Callee, C.Args);
            for (const Id &G : exclusiveIds(C.Held))
              W.Gate.insert(G);
            W.Gate.insert(Entry.begin(), Entry.end());
            W.Live.insert(C.Live.begin(), C.Live.end());
            expand(W);
          }
        }
      }
    }
    // Orders declared with Clang's thread-safety attributes are edges too: code
    // that takes the locks the other way round closes a cycle with them.
    for (const LockOrderDecl &D : A.P.DeclaredOrders) {
      Witness W;
      W.From = D.Before;
      W.FromName = D.BeforeName;
      W.To = D.After;
      W.ToName = D.AfterName;
      W.HeldAt = W.AcquireAt = D.Where;
      W.Declared = true;
      addWitness(W);
    }
    for (auto &[From, Tos] : Graph)
      for (auto &[To, Ws] : Tos)
        // Direct witnesses first (the shortest call chain reads best).
        stableSort(Ws, [](const Witness &X, const Witness &Y) {
          size_t CX = X.Chain.size(), CY = Y.Chain.size();
          return std::tie(CX, X.AcquireAt, X.HeldAt, X.Fn) <
                 std::tie(CY, Y.AcquireAt, Y.HeldAt, Y.Fn);
        });
  }

  /// A lock pointer that is never assigned may point to any lock: its
  /// witnesses stand for every named lock of the program (globals, members,
  /// arrays; not other functions' locals or parameters). Nodes are taken from
  /// the graph before any such witness is added, so none of them is one.
  void expandUnknown() {
    std::set<std::tuple<Id, std::string, bool>> Nodes; ///< (id, name, named through)
    for (const auto &[From, Tos] : Graph) {
      for (const auto &[To, Ws] : Tos) {
        Nodes.insert({From, Ws.front().FromName, Ws.front().FromThrough});
        Nodes.insert({To, Ws.front().ToName, Ws.front().ToThrough});
      }
    }
    std::vector<std::pair<Witness, bool>> Todo;
    Todo.swap(Unknown);
    for (const auto &[W, Side] : Todo)
      for (const auto &[L, Name, Through] : Nodes) {
        IdKind K = L.kind();
        if (K == IdKind::Local || K == IdKind::Expr || isParamLock(L) || Through)
          continue;
        Witness N = W;
        std::string Via = Side ? W.FromName : W.ToName;
        (Side ? N.From : N.To) = L;
        (Side ? N.FromName : N.ToName) = Name + "' via unassigned '" + Via;
        addWitness(std::move(N));
      }
    Unknown.clear();
  }

  /// Two global lock pointers that may point to the same mutex (both set
  /// from one place, 'p = a; q = a;'): taking one while holding the other may
  /// take one mutex twice.
  void mayAlias() {
    for (const auto &[Usr, F] : A.P.Functions)
      for (const LockOpFact &O : F.LockOps) {
        if (O.Kind != LockOpFact::Acquire || O.Multi || O.Recursive)
          continue;
        // A lock through a global pointer is named by what it points to
        // (pointee:<usr>, extract/LockFlow.cpp): the pointers' targets.
        auto Target = [](const Id &L) {
          return L.kind() == IdKind::Pointee ? L : makeId(IdKind::Pointee, L);
        };
        Id PO = Target(O.Lock.Id);
        Id CO = A.canonical(PO);
        for (const HeldLock &H : O.HeldBefore) {
          if (H.Id == O.Lock.Id || H.Shared || O.Lock.Shared)
            continue;
          Id PH = Target(H.Id);
          if (PH == PO || A.canonical(PH) != CO)
            continue;
          Finding R;
          R.Kind = "lock-order";
          R.Message = msg::LockMayAlias(O.Lock.Name, H.Name);
          FindingLoc L;
          L.Where = O.Where;
          L.Role = "acquire";
          L.Thread = threadOf(A, Usr);
          L.Function = F.Name;
          L.HeldKnown = true;
          L.Held = {H.Name};
          R.Locations.push_back(L);
          FindingLoc HL;
          HL.Where = H.Where;
          HL.Role = "held";
          HL.Thread = L.Thread;
          HL.Function = F.Name;
          HL.Note = msg::AcquiredHere(H.Name, false);
          R.Locations.push_back(HL);
          R.Locks = {H.Name, O.Lock.Name};
          for (const RootUse &U : rootsOf(A, Usr))
            R.Threads.push_back(A.Roots[U.Root].Name);
          std::sort(R.Threads.begin(), R.Threads.end());
          R.Threads.erase(std::unique(R.Threads.begin(), R.Threads.end()), R.Threads.end());
          R.Identity = {"may-alias", H.Id.str(), O.Lock.Id.str(), Usr};
          Sink.report(std::move(R));
        }
      }
  }

  // ---- cycles ----------------------------------------------------------------

  /// Strongly connected components (Tarjan): cycles never leave one.
  std::map<Id, size_t> components() const {
    std::map<Id, size_t> Comp, Index, Low;
    std::vector<Id> Stack;
    std::set<Id> OnStack;
    size_t Next = 0, NComp = 0;
    std::function<void(const Id &)> Visit = [&](const Id &V) {
      Index[V] = Low[V] = Next++;
      Stack.push_back(V);
      OnStack.insert(V);
      auto It = Graph.find(V);
      if (It != Graph.end())
        for (const auto &[W, Ws] : It->second) {
          if (!Index.count(W)) {
            Visit(W);
            Low[V] = std::min(Low[V], Low[W]);
          } else if (OnStack.count(W)) {
            Low[V] = std::min(Low[V], Index[W]);
          }
        }
      if (Low[V] == Index[V]) {
        for (;;) {
          Id W = Stack.back();
          Stack.pop_back();
          OnStack.erase(W);
          Comp[W] = NComp;
          if (W == V)
            break;
        }
        ++NComp;
      }
    };
    for (const auto &[V, Tos] : Graph)
      if (!Index.count(V))
        Visit(V);
    return Comp;
  }

  /// Elementary cycles, each once (from its smallest lock), within one
  /// component, up to MaxLen locks; bounded work on dense graphs.
  void findCycles() {
    std::map<Id, size_t> Comp = components();
    std::vector<std::vector<Id>> Cycles;
    std::vector<Id> Path;
    std::set<Id> OnPath;
    const size_t MaxLen = 6, MaxCycles = 200;
    size_t Budget = 200000;
    std::function<void(const Id &, const Id &)> Dfs =
        [&](const Id &Start, const Id &N) {
          auto It = Graph.find(N);
          if (It == Graph.end() || Cycles.size() >= MaxCycles || Budget == 0)
            return;
          for (const auto &[To, Ws] : It->second) {
            if (Budget == 0)
              return;
            --Budget;
            if (To == Start) {
              Cycles.push_back(Path);
              continue;
            }
            if (To < Start || OnPath.count(To) || Path.size() >= MaxLen ||
                Comp[To] != Comp[Start])
              continue;
            Path.push_back(To);
            OnPath.insert(To);
            Dfs(Start, To);
            OnPath.erase(To);
            Path.pop_back();
          }
        };
    for (const auto &[N, Tos] : Graph) {
      Path = {N};
      OnPath = {N};
      Dfs(N, N);
    }
    // Shortest cycles first; each closing acquisition is reported once, with
    // its shortest cycle, however many longer cycles run through it.
    stableSort(Cycles, [](const auto &X, const auto &Y) { return X.size() < Y.size(); });
    for (const auto &C : Cycles)
      checkCycle(C);
  }
  std::set<std::tuple<Id, Id, SrcLoc, SrcLoc>> Reported;

  bool concurrent(const Witness &X, const Witness &Y) const {
    std::vector<RootUse> RX = rootsOf(A, X.Fn), RY = rootsOf(A, Y.Fn);
    if (RX.empty() || RY.empty())
      return true; // library code: any thread may run it
    for (const RootUse &P : RX)
      for (const RootUse &Q : RY) {
        std::set<std::string> LP = P.Live, LQ = Q.Live;
        LP.insert(X.Live.begin(), X.Live.end());
        LQ.insert(Y.Live.begin(), Y.Live.end());
        // Not when the other thread cannot be running at either point: it
        // is created after it, or joined before it, also in helpers
        // (memcached's stop_threads takes worker_hang_lock only after
        // stop_assoc_maintenance_thread joined the thread whose pause_threads
        // takes the locks the other way round), as for races.
        if (P.Root != Q.Root && X.At.valid() && Y.At.valid() &&
            (!A.mayRunAt(P.Root, X.Fn, X.At,
                         std::vector<std::string>(X.Live.begin(), X.Live.end()), Q.Root) ||
             !A.mayRunAt(Q.Root, Y.Fn, Y.At,
                         std::vector<std::string>(Y.Live.begin(), Y.Live.end()), P.Root)))
          continue;
        if (A.concurrent(P.Root, LP, Q.Root, LQ))
          return true;
      }
    return false;
  }

  /// One witness per edge such that no gate lock is common to all and two of
  /// them can run at once; empty when the cycle cannot deadlock.
  std::vector<const Witness *> choose(const std::vector<Id> &Cyc) {
    std::vector<const std::vector<Witness> *> Edges;
    for (size_t I = 0; I < Cyc.size(); ++I)
      Edges.push_back(&Graph[Cyc[I]][Cyc[(I + 1) % Cyc.size()]]);
    std::set<Id> Nodes(Cyc.begin(), Cyc.end());
    std::vector<size_t> Idx(Edges.size(), 0);
    for (unsigned Tries = 0; Tries < 4096; ++Tries) {
      std::vector<const Witness *> Pick;
      for (size_t I = 0; I < Edges.size(); ++I)
        Pick.push_back(&(*Edges[I])[Idx[I]]);
      std::set<Id> Gate = Pick[0]->Gate;
      for (const Witness *W : Pick) {
        std::set<Id> Both;
        for (const Id &G : Gate)
          if (W->Gate.count(G) && !Nodes.count(G))
            Both.insert(G);
        Gate = Both;
      }
      // Every two edges can run at once: each thread of a deadlock holds its
      // lock while it waits for the next one's, all at the same time.
      bool Conc = true;
      for (size_t I = 0; I < Pick.size() && Conc; ++I)
        for (size_t J = I + 1; J < Pick.size() && Conc; ++J)
          Conc = concurrent(*Pick[I], *Pick[J]);
      // Each wait must block: a reader waiting for a lock that the next
      // thread holds as a reader goes through.
      bool Blocks = true;
      for (size_t I = 0; I < Pick.size(); ++I)
        Blocks = Blocks && !(Pick[I]->ToShared && Pick[(I + 1) % Pick.size()]->FromShared);
      if (Gate.empty() && Conc && Blocks)
        return Pick;
      // Next combination.
      size_t K = 0;
      while (K < Idx.size() && ++Idx[K] == Edges[K]->size())
        Idx[K++] = 0;
      if (K == Idx.size())
        break;
    }
    return {};
  }

  void checkCycle(const std::vector<Id> &Cyc) {
    std::vector<const Witness *> Pick = choose(Cyc);
    if (Pick.empty())
      return;
    // The primary edge is the one taken last in the source (never a declaration).
    size_t P = Pick.size();
    for (size_t I = 0; I < Pick.size(); ++I)
      if (!Pick[I]->Declared && (P == Pick.size() || Pick[P]->AcquireAt < Pick[I]->AcquireAt))
        P = I;
    if (P == Pick.size())
      return; // only declarations: contradictory annotations, not code
    const Witness &W = *Pick[P];
    if (!Reported.insert({W.From, W.To, W.AcquireAt, W.HeldAt}).second)
      return;
    Finding F;
    F.Kind = "lock-order";
    std::vector<std::string> Cycle; // each lock of the cycle, the first again at the end
    if (Cyc.size() > 2)
      for (size_t I = 0; I <= Pick.size(); ++I)
        Cycle.push_back(Pick[(P + 1 + I) % Pick.size()]->FromName);
    F.Message = msg::LockOrderInversion(W.ToName, W.FromName, W.ByWait, W.MayFrom,
                                        !Cycle.empty(), Cycle);
    auto EdgeLocs = [&](const Witness &E, bool Primary) {
      if (E.Declared) {
        FindingLoc D;
        D.Where = E.AcquireAt;
        D.Role = "acquire";
        D.Note = msg::LockOrderDeclared(E.FromName, E.ToName);
        F.Locations.push_back(D);
        return;
      }
      FindingLoc L;
      L.Where = E.AcquireAt;
      L.Role = "acquire";
      L.Thread = threadOf(A, E.Fn);
      L.Function = fnName(A, E.AcqFn);
      L.Stack = E.Chain;
      L.HeldKnown = true;
      L.Held = {E.FromName};
      if (!Primary)
        L.Note = msg::LockOrderEdge(E.ToName, E.FromName, E.ByWait, E.MayFrom,
                                    !L.Thread.empty(), L.Thread);
      F.Locations.push_back(L);
      if (E.HeldAt.valid()) {
        FindingLoc H;
        H.Where = E.HeldAt;
        H.Role = "held";
        H.Thread = L.Thread;
        H.Function = fnName(A, E.Fn);
        H.Note = msg::AcquiredHere(E.FromName, E.MayFrom);
        F.Locations.push_back(H);
      }
    };
    EdgeLocs(W, true);
    if (!W.Chain.empty()) {
      FindingLoc C;
      C.Where = W.AcquireAt;
      C.Role = "acquire";
      C.Note = msg::LockOrderChain(W.ToName);
      C.Stack = W.Chain;
      F.Locations.push_back(C);
    }
    for (size_t I = 1; I < Pick.size(); ++I)
      EdgeLocs(*Pick[(P + I) % Pick.size()], false);
    std::set<std::string> Locks, Threads;
    for (const Witness *E : Pick) {
      Locks.insert(E->FromName);
      for (const RootUse &R : rootsOf(A, E->Fn))
        Threads.insert(A.Roots[R.Root].Name);
      F.Identity.push_back(E->Fn);
    }
    for (const Id &N : Cyc)
      F.Identity.push_back(N.str());
    F.Locks.assign(Locks.begin(), Locks.end());
    F.Threads.assign(Threads.begin(), Threads.end());
    Sink.report(std::move(F));
  }

  // ---- one lock class taken twice, in argument order --------------------------

  /// The acquisition of O's lock class that is held when O takes it again.
  static const LockOpFact *heldAcquisition(const FunctionFacts &F, const LockOpFact &O) {
    if (O.Kind != LockOpFact::Acquire || !isClassLock(O.Lock.Id) || O.Multi)
      return nullptr;
    const HeldLock *Held = nullptr;
    for (const HeldLock &H : O.HeldBefore)
      if (H.Id == O.Lock.Id)
        Held = &H;
    if (!Held)
      return nullptr;
    const LockOpFact *First = nullptr;
    for (const LockOpFact &Q : F.LockOps)
      if ((Q.Kind == LockOpFact::Acquire || Q.Kind == LockOpFact::TryAcquire) &&
          Q.Lock.Id == O.Lock.Id && Q.Where == Held->Where)
        First = &Q;
    return First;
  }

  void sameClass() {
    for (const auto &[Usr, F] : A.P.Functions) {
      const std::set<Id> &Entry = entryOf(Usr);
      // Both orders in one function ('if (a < b) lock a, b; else lock b, a'):
      // the order is decided at run time, by address or id.
      std::set<std::pair<std::string, std::string>> Orders;
      for (const LockOpFact &O : F.LockOps)
        if (const LockOpFact *First = heldAcquisition(F, O))
          Orders.insert({First->Instance, O.Instance});
      for (const LockOpFact &O : F.LockOps) {
        const LockOpFact *First = heldAcquisition(F, O);
        if (!First || First->Kind == LockOpFact::TryAcquire || First->Instance.empty() ||
            O.Instance.empty() || First->Instance == O.Instance)
          continue; // unknown, a try-lock, or the same object (a double lock)
        if (Orders.count({O.Instance, First->Instance}))
          continue; // ordered at run time
        if (First->Ordered && O.Ordered)
          continue; // chosen by comparing the objects: the fix itself
        if (fixedByCallers(Usr, F, baseOf(First->Instance), baseOf(O.Instance)))
          continue; // every call passes the objects in one order
        bool Gated = !Entry.empty();
        for (const HeldLock &H : O.HeldBefore)
          Gated = Gated || (H.Id != O.Lock.Id && !H.Shared);
        if (Gated || !runsConcurrently(A, Usr))
          continue;
        reportSameClass(Usr, F, O.Lock, First->Instance, First->Where, O.Instance, O.Where);
      }
      throughWrappers(Usr, F, Entry);
    }
  }

  /// Do all the calls of Fn pass its parameters named First and Second as
  /// known objects, never both ways round ('deposit(&A, &B)' in two
  /// threads)? Then the arguments fix one order.
  bool fixedByCallers(const std::string &Fn, const FunctionFacts &F, const std::string &First,
                      const std::string &Second) const {
    size_t I = F.ParamNames.size(), J = F.ParamNames.size();
    for (size_t K = 0; K < F.ParamNames.size(); ++K) {
      if (F.ParamNames[K] == First)
        I = K;
      if (F.ParamNames[K] == Second)
        J = K;
    }
    if (I == F.ParamNames.size() || J == F.ParamNames.size() || I == J || Spawners.count(Fn))
      return false;
    auto CI = Callers.find(Fn);
    if (CI == Callers.end() || CI->second.empty())
      return false;
    auto Key = [](const ObjRef &O) {
      if (O.K == ObjRef::Var)
        return O.Id;
      if (O.K == ObjRef::Class)
        return O.Obj;
      return Id();
    };
    std::set<std::pair<Id, Id>> Pairs;
    for (const auto &[Usr, C] : CI->second) {
      if (I >= C->Args.size() || J >= C->Args.size())
        return false;
      Id X = Key(C->Args[I]), Y = Key(C->Args[J]);
      if (X.empty() || Y.empty())
        return false;
      Pairs.insert({X, Y});
    }
    for (const auto &[X, Y] : Pairs)
      if (X == Y || Pairs.count({Y, X}))
        return false;
    return true;
  }

  /// Two objects of one lock class taken through lock wrappers:
  /// 'lock_account(from); lock_account(to);'.
  void throughWrappers(const std::string &Usr, const FunctionFacts &F,
                       const std::set<Id> &Entry) {
    struct Pair {
      HeldLock Lock;
      std::string From, To;
      SrcLoc FromAt, ToAt;
    };
    std::vector<Pair> Found;
    for (const CallFact &C2 : F.Calls) {
      auto It = A.Acquired.find(C2.Callee);
      if (It == A.Acquired.end())
        continue;
      for (const HeldLock &H : C2.Held) {
        if (!isClassLock(H.Id) || H.Shared || H.Where == C2.Where)
          continue;
        auto S2 = It->second.find(H.Id);
        if (S2 == It->second.end())
          continue;
        std::string To = objectAtCall(A.P, C2, S2->second);
        // The held one: taken by an earlier wrapper call, or directly here.
        std::string From;
        for (const CallFact &C1 : F.Calls)
          if (C1.Where == H.Where) {
            auto J = A.Acquired.find(C1.Callee);
            if (J != A.Acquired.end() && J->second.count(H.Id))
              From = objectAtCall(A.P, C1, J->second.at(H.Id));
          }
        if (From.empty())
          for (const LockOpFact &Q : F.LockOps)
            if (Q.Kind == LockOpFact::Acquire && Q.Lock.Id == H.Id && Q.Where == H.Where &&
                !Q.Instance.empty())
              if (std::string Base = baseOf(Q.Instance); !Base.empty())
                From = Base;
        if (From.empty() || To.empty() || From == To || fixedByCallers(Usr, F, From, To))
          continue;
        bool Gated = !Entry.empty();
        for (const HeldLock &G : C2.Held)
          Gated = Gated || (G.Id != H.Id && !G.Shared);
        if (Gated || !runsConcurrently(A, Usr))
          continue;
        Found.push_back({H, From, To, H.Where, C2.Where});
      }
    }
    std::set<Id> Done;
    for (const Pair &P : Found) {
      bool BothWays = false; // ordered at run time: 'if (a < b) ... else ...'
      for (const Pair &Q : Found)
        BothWays = BothWays || (Q.Lock.Id == P.Lock.Id && Q.From == P.To && Q.To == P.From);
      if (BothWays || !Done.insert(P.Lock.Id).second)
        continue;
      const std::string &Name = P.Lock.Name;
      std::string Field =
          Name.substr(Name.rfind("::") == std::string::npos ? 0 : Name.rfind("::") + 2);
      reportSameClass(Usr, F, P.Lock, P.From + "->" + Field, P.FromAt, P.To + "->" + Field,
                      P.ToAt);
    }
  }

  void reportSameClass(const std::string &Usr, const FunctionFacts &F, const HeldLock &Lock,
                       const std::string &FirstInst, const SrcLoc &FirstAt,
                       const std::string &SecondInst, const SrcLoc &SecondAt) {
    Finding R;
    R.Kind = "lock-order";
    R.Message = msg::LockOrderSameClass(SecondInst, FirstInst, Lock.Name);
    FindingLoc L;
    L.Where = SecondAt;
    L.Role = "acquire";
    L.Thread = threadOf(A, Usr);
    L.Function = F.Name;
    L.HeldKnown = true;
    L.Held = {FirstInst};
    R.Locations.push_back(L);
    FindingLoc H;
    H.Where = FirstAt;
    H.Role = "held";
    H.Thread = L.Thread;
    H.Function = F.Name;
    H.Note = msg::AcquiredHere(FirstInst, false);
    R.Locations.push_back(H);
    FindingLoc Fix;
    Fix.Where = SecondAt;
    Fix.Role = "acquire";
    Fix.Note = msg::LockOrderSameClassFix(F.Name);
    R.Locations.push_back(Fix);
    R.Locks = {Lock.Name};
    for (const RootUse &U : rootsOf(A, Usr))
      R.Threads.push_back(A.Roots[U.Root].Name);
    std::sort(R.Threads.begin(), R.Threads.end());
    R.Threads.erase(std::unique(R.Threads.begin(), R.Threads.end()), R.Threads.end());
    R.Identity = {"same-class", Lock.Id.str(), Usr};
    Sink.report(std::move(R));
  }
};

} // namespace

void runLockOrderCheck(const ProgramAnalysis &A, FindingSink &Sink) {
  LockOrderCheck(A, Sink).run();
}

} // namespace parcheck
