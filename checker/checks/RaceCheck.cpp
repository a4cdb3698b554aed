//===- RaceCheck.cpp - parcheck-race --------------------------------------===//
//
// The rule: two accesses to one location race when they can run at the same
// time (two roots that can overlap, or two instances of one root), at least
// one writes, not both are atomic, and no lock is held by both (a lock held
// shared by both does not order them).
//
// Wrinkles:
//   * a member reached through 'this' or a pointer is named by its class
//     ('Counter::value') and conflicts with the same member reached from a
//     global object ('g.value'); two different globals' members do not;
//   * objects, array slots and locals that each instance of a root owns
//     (&args[i], new T per thread, results[id]) are not shared between the
//     instances of that root, only with other roots;
//   * a local is per call, and so is what a local pointer holding only its
//     function's own allocations points to: two accesses that reach it in
//     its function, or in callees it is handed to by calls, are never a
//     race, only one in a thread it is handed to (activationAccess);
//   * a pointer parameter's target is resolved through every call and thread
//     creation that binds it.
//   * an access made before a call that (at any depth) creates the other
//     thread happens before that thread, and one after a call that joins it
//     happens after it (ProgramAnalysis::mayRunAt);
//   * an access through a fresh object not yet published, or to a local
//     whose address goes only to calls that keep it, is private; so is one
//     through a parameter every call of the thread binds to such an object
//     (ProgramAnalysis::ownedAccess);
//   * two accesses through an object each thread took out of a locked
//     container (and has not published again) are ordered by the hand-off
//     (ProgramAnalysis::handedOff);
//   * what a function does before it names a job (a function value handed
//     to a pool) happens before the job's code in the pool's threads, and
//     what the job does before it counts itself done happens before what
//     the function does after waiting for the count to drain
//     (ProgramAnalysis::dispatchedAfter, JobDispatch.cpp);
//   * a release/acquire hand-off on an atomic orders the accesses before the
//     release and after the acquire (ProgramAnalysis::orderedByAtomic).
//   * accesses in different phases of the barriers both threads wait on
//     are ordered (ProgramAnalysis::orderedByPhases, Phases.cpp).
//   * the one run of a pthread_once callback never overlaps itself and
//     happens before what follows a pthread_once of it
//     (ProgramAnalysis::orderedByOnce).
//   * objects whose pointers come from two disjoint sets of origin classes
//     are two objects (ProgramAnalysis::originsOf, Origins.cpp), and so are
//     objects embedded as two differently named members (embeddedApart),
//     and a member named on a variable is not one of an object embedded in
//     another (variableApartFromEmbedded);
//   * members of objects that event loops on two different bases handed
//     to their callbacks are different memory (ProgramAnalysis::loopDomain,
//     LoopConfinement.cpp, which states what this assumes);
//   * an access of a function a root enters through 2 to 8 calls is checked
//     once per call, with the locks held, the threads running, the objects
//     passed and the objects handed over at that call (the call-site split,
//     ProgramAnalysis::splitSites).
//
//===----------------------------------------------------------------------===//
#include "analysis/TaskRunner.h"
#include "checks/Registry.h"
#include "facts/Ids.h"
#include "report/Message.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace parcheck {
namespace {

const LockSet NoLocks;
const std::set<std::string> NoHandles;
const std::string NoName;

/// One access of one function in one root (per calling context, call site
/// and object it may reach): what the pairwise check compares. A location
/// every function touches has one per function and root, so an instance
/// holds its lock set, live handles and name by pointer: into the facts and
/// the analysis, which outlive the check, or into the check's Interned pool.
struct Instance {
  const AccessFact *A;
  const FunctionFacts *Fn;
  size_t Root;
  Id Loc;
  const std::string *Name = &NoName;
  bool ClassLevel;
  bool PerInstance; ///< Target owned by each instance of its root.
  /// On the root's paths outside its event loop only: the same access of a
  /// function the root also reaches inside the loop (with Domain there)
  /// is checked a second time, with no domain and what runs on those paths
  /// (ProgramAnalysis::loopDomain's Split).
  bool OutsideLoop = false;
  /// Its location is the object a parameter of its function is bound to
  /// (ParamTargets), not the access's own.
  bool ViaBinding = false;
  /// The event-loop base whose objects a class-level access reaches
  /// (ProgramAnalysis::loopDomain); empty when not known.
  Id Domain;
  /// The classes of memory nodes its object comes from (ProgramAnalysis::
  /// originsOf); empty when not known. (ThinVecs, and the chain interned:
  /// a deep program has an instance per access, root and call-site split.)
  ThinVec<unsigned> Origins;
  /// For a member of an embedded object (AccessFact::Embed): the classes of
  /// the pointer the object is embedded behind; empty when not known.
  ThinVec<unsigned> Containers;
  /// The members the object is embedded as, outermost first, as far as
  /// known (embedChain); empty when not known.
  const std::string *Chain = &NoName;
  /// Checked on the paths through this call only (the call-site split,
  /// ProgramAnalysis::splitSites); none: every path.
  const ProgramAnalysis::CallSite *Site = nullptr;
  const LockSet *Held = &NoLocks;
  const std::set<std::string> *Live = &NoHandles;
};

/// The lock sets, handle sets and names instances point to, one copy of
/// each distinct value (a std::set never moves its elements).
class Interned {
public:
  const LockSet *locks(LockSet S) {
    return S.empty() ? &NoLocks : &*LockSets.insert(std::move(S)).first;
  }
  /// The same, but Own itself when S is Own field for field: an access's own
  /// lock set (the facts outlive the check), which is what most accesses hold
  /// when their function is entered with no lock. No set is hashed or stored
  /// for them.
  const LockSet *locks(LockSet S, const LockSet &Own) {
    if (!S.empty() && AllFields()(S, Own))
      return &Own;
    return locks(std::move(S));
  }
  const std::set<std::string> *handles(std::set<std::string> S) {
    return S.empty() ? &NoHandles : &*HandleSets.insert(std::move(S)).first;
  }
  const std::string *name(const std::string &N) {
    return N.empty() ? &NoName : &*Names.insert(N).first;
  }

private:
  /// Every field, so that two sets equal as locks but told apart in a report
  /// (a name, where each was taken) stay two. Hashed, not ordered: one set
  /// per access is interned, and a tree of tens of thousands of lock sets
  /// compared field by field was a tenth of a deep program's analysis.
  struct AllFields {
    static bool same(const HeldLock &X, const HeldLock &Y) {
      return X.Id == Y.Id && X.Name == Y.Name && X.Shared == Y.Shared && X.Where == Y.Where &&
             X.Where.Ord == Y.Where.Ord;
    }
    bool operator()(const LockSet &A, const LockSet &B) const {
      return std::equal(A.begin(), A.end(), B.begin(), B.end(), same);
    }
    size_t operator()(const LockSet &S) const {
      llvm::hash_code H = llvm::hash_value(S.size());
      for (const HeldLock &L : S)
        H = llvm::hash_combine(H, std::hash<Id>()(L.Id), L.Name.hash(), L.Shared,
                               &L.Where.File.str(), L.Where.Line, unsigned(L.Where.Col),
                               unsigned(L.Where.Ord));
      return H;
    }
  };
  struct HandlesHash {
    size_t operator()(const std::set<std::string> &S) const {
      llvm::hash_code H = llvm::hash_value(S.size());
      for (const std::string &N : S)
        H = llvm::hash_combine(H, llvm::StringRef(N));
      return H;
    }
  };
  // Node-based: an element's address stays put as the sets grow.
  std::unordered_set<LockSet, AllFields, AllFields> LockSets;
  std::unordered_set<std::set<std::string>, HandlesHash> HandleSets;
  std::unordered_set<std::string> Names;
};

/// "Class" of a class-level location's "Class::field" (or "Class::*").
std::string_view classOf(std::string_view Field) {
  size_t I = Field.rfind("::");
  return I == std::string_view::npos ? Field : Field.substr(0, I);
}

/// The path of embedded members from the outermost object known down to
/// the one Acc is made on ('uv_loop_s::signal_io_watcher',
/// 'ZSTD_CCtx_s::requestedParams/ZSTD_CCtx_params_s::cParams'): Acc's
/// Embed, below the member its base's node embeds ('e:<Class::member>')
/// there (through call Site, when split: ProgramAnalysis::nodeAtCall).
/// Empty when neither says.
/// The node Acc's embedded path starts from: its object's own, or, for a
/// member of an embedded object, the pointer's it is embedded behind.
const std::string &chainBase(const AccessFact &Acc) {
  return Acc.Embed.empty() ? Acc.Origin : Acc.Container;
}

std::string embedChain(const AccessFact &Acc, const ProgramAnalysis::CallSite *Site) {
  std::string Node = ProgramAnalysis::nodeAtCall(chainBase(Acc), Site);
  std::string Chain = llvm::StringRef(Node).starts_with("e:") ? Node.substr(2) : std::string();
  if (!Acc.Embed.empty())
    Chain = Chain.empty() ? Acc.Embed.str() : Chain + "/" + Acc.Embed;
  return Chain;
}

/// Two objects of one class embedded as two differently named members, at
/// the same depth counted from them ('loop->async_io_watcher' and
/// 'loop->signal_io_watcher'; 'cctx->requestedParams.cParams' and
/// 'cctx->appliedParams.cParams'; a watcher's 'watcher_queue' and a work
/// item's 'wq'): two objects, whatever holds them. A member of the same name
/// in another class says nothing: C code casts between structs that begin
/// with the same fields (UV_HANDLE_FIELDS).
bool embeddedApart(std::string_view A, std::string_view B) {
  auto Member = [](std::string_view L) {
    size_t I = L.rfind("::");
    return I == std::string_view::npos ? L : L.substr(I + 2);
  };
  while (!A.empty() && !B.empty()) {
    size_t I = A.rfind('/'), J = B.rfind('/');
    std::string_view LA = I == std::string_view::npos ? A : A.substr(I + 1);
    std::string_view LB = J == std::string_view::npos ? B : B.substr(J + 1);
    if (LA != LB)
      return Member(LA) != Member(LB);
    A = I == std::string_view::npos ? std::string_view() : A.substr(0, I);
    B = J == std::string_view::npos ? std::string_view() : B.substr(0, J);
  }
  return false;
}

/// Is I a member named directly on a variable ('seqs.seq' for a local or
/// global record 'seqs', 'table[i].n' for an array of records)? That object
/// is the whole variable (or an element of it), never a member embedded in
/// another object.
bool memberOfVariable(const Instance &I) {
  if (I.ClassLevel || I.ViaBinding || I.A->Field.empty() || !I.A->Embed.empty())
    return false;
  IdKind K = I.Loc.kind();
  return (K == IdKind::Path || K == IdKind::Local) &&
         std::count(I.Name->begin(), I.Name->end(), '.') == 1;
}

/// A member of an object known to be embedded in another ('cctx->ext.seq')
/// against a member named directly on a variable ('seqs.seq', zstd's
/// stack-local ldmSeqStore against a job cctx's externSeqStore): a variable
/// is a whole object, so two objects.
bool variableApartFromEmbedded(const Instance &X, const Instance &Y) {
  return (X.ClassLevel && !X.Chain->empty() && memberOfVariable(Y)) ||
         (Y.ClassLevel && !Y.Chain->empty() && memberOfVariable(X));
}

bool commonLock(const LockSet &A, const LockSet &B) {
  for (const HeldLock &H : A)
    for (const HeldLock &K : B)
      if (H.Id == K.Id && !(H.Shared && K.Shared))
        return true;
  return false;
}

/// Do two non-class-level locations share memory? "path:<usr>.a.b" is inside
/// "<usr>" and inside "path:<usr>.a"; "local:<o>|<v>.a" is inside "local:<o>|<v>".
bool overlaps(const Id &A, const Id &B) {
  if (A == B)
    return true;
  auto Norm = [](const Id &L) {
    return L.kind() == IdKind::Path ? Id::parse(L.key()) : L;
  };
  Id NA = Norm(A), NB = Norm(B);
  return isWithin(NA, NB) || isWithin(NB, NA);
}

std::vector<std::string> lockNames(const LockSet &S) {
  std::vector<std::string> R;
  for (const HeldLock &H : S)
    R.push_back(H.Name);
  return R;
}

class RaceCheck {
public:
  RaceCheck(const ProgramAnalysis &A, FindingSink &Sink) : A(A), Sink(Sink) {}

  void run() {
    collect();
    // Checked in key order, as a std::map would give them: sorted once here
    // rather than kept sorted through every add.
    std::vector<std::pair<const Id *, std::vector<Instance> *>> Order;
    Order.reserve(Groups.size());
    for (auto &[Key, Group] : Groups)
      Order.emplace_back(&Key, &Group);
    llvm::sort(Order, [](const auto &X, const auto &Y) { return *X.first < *Y.first; });
    // Each group's pair on its own, groups in chunks on the analysis' pool
    // (a const walk of the group and the analysis); then the reports in key
    // order on this thread, so the output is the same for any -j.
    std::vector<Pair> Pairs(Order.size());
    {
      TaskRunner Tasks(A.pool());
      constexpr size_t Chunk = 32;
      for (size_t B = 0; B < Order.size(); B += Chunk)
        Tasks.run([&, B] {
          for (size_t I = B, E = std::min(B + Chunk, Order.size()); I < E; ++I)
            Pairs[I] = racingPair(*Order[I].second);
        });
    }
    for (size_t I = 0; I < Order.size(); ++I)
      reportPair(*Order[I].first, Pairs[I]);
  }

private:
  const ProgramAnalysis &A;
  FindingSink &Sink;
  /// The instances by the location they meet at. Hashed: a deep program adds
  /// an instance per access and call-site split, each a walk of Id compares
  /// down a tree of every location; run() orders the keys once.
  std::unordered_map<Id, std::vector<Instance>> Groups;
  std::set<std::pair<SrcLoc, SrcLoc>> Reported;
  /// The calls each function of each root is split over (splitSites),
  /// computed once; the instances point into them.
  std::deque<std::vector<ProgramAnalysis::CallSite>> SiteStore;
  Interned Pool;

  /// The handles live at an access: its function's on entry (Entry, of
  /// the analysis, pointed to as it is when the rest adds nothing), those
  /// live at the call into it (AtCall) and at the access itself (Here).
  const std::set<std::string> *liveAt(const std::set<std::string> &Entry,
                                      llvm::ArrayRef<std::string> AtCall,
                                      llvm::ArrayRef<std::string> Here) {
    if (AtCall.empty() && Here.empty())
      return Entry.empty() ? &NoHandles : &Entry;
    std::set<std::string> L = Entry;
    L.insert(AtCall.begin(), AtCall.end());
    L.insert(Here.begin(), Here.end());
    return Pool.handles(std::move(L));
  }

  /// Member accesses meet the class-level accesses of their field; a member
  /// path of a global ('g.a.b') also meets accesses to the whole global.
  void add(Instance I, const std::string &Field) {
    if (I.Loc.kind() == IdKind::Path)
      Groups[pathRoot(I.Loc)].push_back(I);
    // A whole struct covers each of its members, as lock classes, transitively.
    // A whole object named by itself (a global, a path inside one, a local)
    // is that object's members only: they meet the member reached through
    // any pointer (class level), and the same object's own accesses
    // (overlaps()), but not another named object of the type ('clk = now();'
    // against 'span(start)' of another global).
    if (!I.A->Record.empty()) {
      IdKind K = I.Loc.kind();
      bool Named = !I.ClassLevel && (K == IdKind::Usr || K == IdKind::Path || K == IdKind::Local);
      A.P.forEachMember(I.A->Record, [&](const std::string &R, const std::string &Member) {
        Instance J = I;
        J.ClassLevel = !Named; // else meets the member reached through any object
        Groups[makeId(IdKind::Field, R + "::" + Member)].push_back(J);
      });
    }
    Id Key = Field.empty() ? I.Loc : makeId(IdKind::Field, Field);
    Groups[Key].push_back(std::move(I));
  }

  /// What every creation of root R binds its function object's reference
  /// member Field to (SpawnFact::RefBinds); nothing when some creation binds
  /// it to no named object.
  /// An object that one creation outside any loop binds, and no other, is
  /// that instance's own (ObjRef::PerInstance): 'Inc{x}' and 'Inc{y}'.
  std::vector<ObjRef> refTargets(size_t R, const std::string &Field) const {
    std::vector<ObjRef> Out;
    for (const Root::Site &S : A.Roots[R].Sites) {
      bool Found = false;
      for (const auto &[F, O] : S.Spawn->RefBinds) {
        if (F != Field)
          continue;
        Found = true;
        auto It = std::find_if(Out.begin(), Out.end(),
                               [&Want = O.Id](const ObjRef &X) { return X.Id == Want; });
        if (It == Out.end()) {
          Out.push_back(O);
          Out.back().PerInstance = !S.Spawn->InLoop;
        } else {
          It->PerInstance = false; // bound by two creations
        }
      }
      if (!Found)
        return {};
    }
    return Out;
  }

  /// add(I), and when I's domain holds only on its root's paths inside the
  /// loop (Split), add the same access outside the loop, with no domain.
  void addSplit(Instance I, const std::string &Field, bool Split) {
    if (Split) {
      Instance O = I;
      O.Domain = Id();
      O.OutsideLoop = true;
      add(std::move(O), Field);
    }
    add(std::move(I), Field);
  }

  /// The locks access Acc of Usr (reached in root R as Rch) holds when its
  /// function is entered holding Held: less those the function dropped on
  /// the way, plus its own (its parameters bound as Bind binds them, else
  /// as R does), resolved.
  template <typename BindFn>
  LockSet heldFrom(LockSet Held, size_t R, const std::string &Usr, const Reach &Rch,
                   const AccessFact &Acc, BindFn Bind) const {
    A.dropLocks(Held, Acc.Dropped, Usr, Rch);
    for (const HeldLock &H : Acc.Held) {
      if (const Id *B = Bind(H.Id)) {
        HeldLock X = H;
        X.Id = *B;
        auto N = A.ObjNames.find(*B);
        if (N != A.ObjNames.end())
          X.Name = N->second;
        Held.push_back(X);
        continue;
      }
      Held.push_back(A.resolveLockIn(R, Usr, H));
    }
    for (HeldLock &H : Held)
      H = A.resolveLock(H);
    std::sort(Held.begin(), Held.end());
    Held.erase(std::unique(Held.begin(), Held.end()), Held.end());
    return Held;
  }

  /// The object Acc reaches is, at call S, a pointer read from a member its
  /// caller's loop objects never hold in R (ProgramAnalysis::unsetMember):
  /// S passes it ('resp_free(c->thread, ..)'), or Acc reads it from the
  /// object S passes, its caller's own parameter ('c->thread->l' in
  /// conn_close(c)).
  bool memberArgUnset(size_t R, const AccessFact &Acc, const ProgramAnalysis::CallSite &S) const {
    std::string Cls = memberClass(Acc.Field);
    const std::string &Caller = S.Caller->Usr;
    if (Acc.ViaParam >= 0)
      for (const auto &[Arg, Param, Member] : S.Call->MemberArgs)
        if (Arg == unsigned(Acc.ViaParam))
          return A.unsetMember(R, Caller, int(Param), Member, Cls);
    if (Acc.DerivedParam < 0 || Acc.DerivedMember.empty() ||
        unsigned(Acc.DerivedParam) >= S.Call->Args.size())
      return false;
    const ObjRef &O = S.Call->Args[unsigned(Acc.DerivedParam)];
    std::optional<unsigned> P = O.K == ObjRef::Param ? paramIndex(O.Id, Caller) : std::nullopt;
    return P && A.unsetMember(R, Caller, int(*P), Acc.DerivedMember, Cls);
  }

  /// Acc reaches its object through a member R's loop objects never hold
  /// (ProgramAnalysis::unsetMember), here or at every call into Usr.
  bool unsetMemberAccess(size_t R, const std::string &Usr, const AccessFact &Acc) const {
    if (A.unsetMember(R, Usr, Acc.DerivedParam, Acc.DerivedMember, memberClass(Acc.Field)))
      return true;
    if (Acc.DerivedMember.empty() && Acc.ViaParam < 0)
      return false;
    return A.everyCallInto(R, Usr, [&](const ProgramAnalysis::CallSite &S) {
      return memberArgUnset(R, Acc, S);
    });
  }

  /// Acc's embedChain on every path of root R: its own, or the one every
  /// call into Usr gives it when they agree.
  std::string chainOf(size_t R, const std::string &Usr, const AccessFact &Acc) const {
    std::string Chain = embedChain(Acc, nullptr);
    if (!Chain.empty() || !llvm::StringRef(chainBase(Acc)).starts_with("p:"))
      return Chain;
    std::optional<std::string> Common;
    bool Same = A.everyCallInto(R, Usr, [&](const ProgramAnalysis::CallSite &S) {
      std::string C = embedChain(Acc, &S);
      if (!Common)
        Common = C;
      return !C.empty() && C == *Common;
    });
    return Same && Common ? *Common : std::string();
  }

  /// The call-site split (Analysis.cpp): I once per call that enters its
  /// function, with the locks held and the handles live at that call, the
  /// classes its caller passes and its loop domain (I's own, unless it holds
  /// only inside the loop: Split). False when the function is not split.
  template <typename BindFn>
  bool addSites(const Instance &I, const std::vector<ProgramAnalysis::CallSite> &Sites,
                bool Split, const std::string &Usr, const Reach &Rch, const AccessFact &Acc,
                BindFn Bind) {
    // A domain that holds inside the loop only (Split) is replaced by each
    // call's own; when one has none (its caller also runs outside the loop),
    // the inside/outside split keeps the outside paths apart instead.
    std::vector<Id> Domains;
    for (const ProgramAnalysis::CallSite &S : Sites) {
      Domains.push_back(Split || I.Domain.empty() ? A.siteDomain(I.Root, Usr, Acc, S) : I.Domain);
      if (Split && Domains.back().empty())
        return false;
    }
    for (size_t K = 0; K < Sites.size(); ++K) {
      const ProgramAnalysis::CallSite &S = Sites[K];
      // A call that hands over an object its caller owns: private there.
      if (Acc.ViaParam >= 0 && A.ownedAt(I.Root, Usr, unsigned(Acc.ViaParam), S))
        continue;
      // One that passes what its caller's loop objects never hold.
      if (memberArgUnset(I.Root, Acc, S))
        continue;
      Instance J = I;
      J.Site = &S;
      J.Held = Pool.locks(heldFrom(S.Held, I.Root, Usr, Rch, Acc, Bind), Acc.Held);
      J.Live = liveAt(S.CallerReach->Live, S.Call->Live, Acc.Live);
      if (I.ClassLevel && !I.Origins.empty()) {
        ProgramAnalysis::OriginSet O = A.originsAtCall(I.Root, Usr, Acc.Origin, S);
        if (!O.empty())
          J.Origins = std::move(O);
      }
      if (I.ClassLevel && !I.Containers.empty()) {
        ProgramAnalysis::OriginSet O = A.originsAtCall(I.Root, Usr, Acc.Container, S);
        if (!O.empty())
          J.Containers = std::move(O);
      }
      if (I.ClassLevel)
        J.Chain = Pool.name(embedChain(Acc, &S));
      J.Domain = Domains[K];
      add(std::move(J), Acc.Field);
    }
    return !Sites.empty();
  }

  void collect() {
    for (size_t R = 0; R < A.Roots.size(); ++R) {
      ProgramAnalysis::SplitMemo SplitMemo; // this root's direct sites by function
      for (const auto &[Usr, Reach] : A.Reached[R]) {
        const FunctionFacts *F = A.function(Usr);
        if (!F)
          continue;
        // Parameters are resolved per calling context when they are known
        // (lock and data parameters bound together), else by the root's union.
        std::vector<const std::map<unsigned, Id> *> Contexts;
        for (const auto &Cx : Reach.Contexts)
          Contexts.push_back(&Cx);
        if (Contexts.empty() || Reach.Contexts.size() >= Reach::MaxContexts)
          Contexts.assign(1, nullptr);
        // The calls that enter the function (the call-site split), once
        // per function and root.
        const std::vector<ProgramAnalysis::CallSite> *Sites = nullptr;
        auto SitesOf = [&, &Fn = Usr]() -> const std::vector<ProgramAnalysis::CallSite> & {
          if (!Sites)
            Sites = &SiteStore.emplace_back(A.splitSites(R, Fn, SplitMemo));
          return *Sites;
        };
        for (const auto *Cx : Contexts)
        for (const AccessFact &Acc : F->Accesses) {
          if (A.freshPrivate(Acc) || A.ownedAccess(R, Usr, Acc) ||
              A.stateArmExcluded(R, Usr, Acc.Where) || A.deadAccess(R, Acc) ||
              unsetMemberAccess(R, Usr, Acc))
            continue;
          auto Bind = [&, &Fn = Usr](const Id &Of) -> const Id * {
            std::optional<unsigned> PI = paramIndex(Of, Fn);
            if (!Cx || !PI)
              return nullptr;
            auto B = Cx->find(*PI);
            return B == Cx->end() ? nullptr : &B->second;
          };
          Instance I;
          I.A = &Acc;
          I.Fn = F;
          I.Root = R;
          I.ClassLevel = Acc.ClassLevel;
          if (Acc.ClassLevel) {
            I.Origins = A.originsOf(R, Acc.Origin);
            I.Containers = A.originsOf(R, Acc.Container);
            I.Chain = Pool.name(chainOf(R, Usr, Acc));
          }
          I.PerInstance = false;
          bool Split = false;
          I.Domain = A.loopDomain(R, Usr, Acc, &Split);
          // The entry's own accesses to the object each instance is handed.
          if (I.Domain.empty() && Usr == A.Roots[R].Entry && Acc.ClassLevel && Acc.ViaParam >= 0)
            I.Domain = A.instanceArgDomain(R, unsigned(Acc.ViaParam), memberClass(Acc.Field));
          I.Held = Pool.locks(heldFrom(Reach.EntryLocks, R, Usr, Reach, Acc, Bind), Acc.Held);
          I.Live = liveAt(Reach.Live, {}, Acc.Live);
          if (idKind(Acc.Loc) == IdKind::Param) {
            auto It = A.ParamTargets.find(Acc.Loc);
            if (It == A.ParamTargets.end())
              continue;
            // Prefer what this context, or else this root, binds it to.
            const std::set<Id> *Bound = nullptr;
            std::set<Id> One;
            if (const Id *B = Bind(Acc.Loc)) {
              One.insert(*B);
              Bound = &One;
            } else if (std::optional<unsigned> PI = paramIndex(Acc.Loc, Usr)) {
              auto B = Reach.Args.find(*PI);
              if (B != Reach.Args.end() && !B->second.empty())
                Bound = &B->second;
            }
            for (const ObjRef &O : It->second) {
              if (Bound && !Bound->count(O.Id))
                continue;
              if (A.privateLocal(O.Id))
                continue;
              Instance J = I;
              J.Origins.clear();
              J.Containers.clear();
              J.Loc = A.canonical(O.Id);
              J.Name = &O.Name.str(); // ParamTargets': the analysis outlives the check
              J.PerInstance = O.PerInstance;
              J.ViaBinding = true;
              addSplit(std::move(J), "", Split);
            }
            continue;
          }
          // What a function object's reference member refers to: the
          // objects its creations bound it to, which every instance shares.
          if (Acc.RefMember && Acc.ClassLevel && Usr == A.Roots[R].Entry) {
            std::vector<ObjRef> Ts = refTargets(R, Acc.Field);
            for (const ObjRef &O : Ts) {
              Instance J = I;
              J.Origins.clear();
              J.Containers.clear();
              J.ClassLevel = false;
              J.Loc = A.canonical(O.Id);
              J.Name = Pool.name(O.Name); // Ts is this loop's own
              J.PerInstance = O.PerInstance;
              addSplit(std::move(J), "", Split);
            }
            if (!Ts.empty())
              continue;
          }
          if (A.privateLocal(Acc.Loc))
            continue;
          I.Loc = A.canonical(Acc.Loc);
          I.Name = &Acc.Name.str();
          if (Acc.ClassLevel) {
            std::string Cls(classOf(Acc.Field));
            if (A.SharedClasses.count(Cls))
              I.PerInstance = false;
            else if (A.PerInstanceClasses.count(Cls))
              I.PerInstance = true;
            else
              continue; // no thread shares objects of this class
          }
          if (addSites(I, SitesOf(), Split, Usr, Reach, Acc, Bind))
            continue;
          addSplit(std::move(I), Acc.Field, Split);
        }
      }
    }
  }

  bool races(const Instance &X, const Instance &Y) const {
    if (!X.A->Write && !Y.A->Write)
      return false;
    if (X.A->Atomic && Y.A->Atomic)
      return false;
    // Members of two different global objects are different memory; a whole
    // object overlaps each of its members.
    if (!X.ClassLevel && !Y.ClassLevel && !overlaps(X.Loc, Y.Loc))
      return false;
    // Objects whose pointers come from two classes of origins are two objects.
    // Only for two objects of one class: a whole object overlaps the members
    // of the objects embedded in it, whose origins say nothing of its own.
    if (X.ClassLevel && Y.ClassLevel && !X.Origins.empty() && !Y.Origins.empty() &&
        classOf(X.A->Field) == classOf(Y.A->Field) &&
        ProgramAnalysis::disjoint(X.Origins, Y.Origins))
      return false;
    // Members of objects embedded along one path ('c->head.first') behind
    // pointers of disjoint origins: two objects around them, so two.
    if (X.ClassLevel && Y.ClassLevel && !X.A->Embed.empty() && X.A->Embed == Y.A->Embed &&
        !X.Containers.empty() && !Y.Containers.empty() &&
        ProgramAnalysis::disjoint(X.Containers, Y.Containers))
      return false;
    if (X.ClassLevel && Y.ClassLevel && classOf(X.A->Field) == classOf(Y.A->Field) &&
        embeddedApart(*X.Chain, *Y.Chain))
      return false;
    if (variableApartFromEmbedded(X, Y))
      return false;
    // Objects of two different event loops are two objects.
    if (X.ClassLevel && Y.ClassLevel && !X.Domain.empty() && !Y.Domain.empty() &&
        X.Domain != Y.Domain)
      return false;
    // Two instances of a root that each run a loop on a base of their own.
    if (X.Root == Y.Root && X.ClassLevel && Y.ClassLevel && !X.Domain.empty() &&
        X.Domain == Y.Domain && A.instanceDomain(X.Root, X.Domain))
      return false;
    // Two threads' own slots, each indexed by its own thread number.
    if (X.Root != Y.Root && A.ownSlot(X.Root, X.Fn->Usr, *X.A) &&
        A.ownSlot(Y.Root, Y.Fn->Usr, *Y.A))
      return false;
    // Memory of one activation (a local, or what a local pointer holding
    // only its own allocations points to) that both reach in it: one thread.
    if (activationAccess(X) && activationAccess(Y))
      return false;
    if (X.Root == Y.Root) {
      if (X.PerInstance || Y.PerInstance)
        return false;
      // Both run only in the instance whose own number is one value.
      if (X.A->NumberGuard != -1 && Y.A->NumberGuard != -1 &&
          X.A->NumberValue == Y.A->NumberValue &&
          A.ownNumber(X.Root, X.Fn->Usr, X.A->NumberGuard) &&
          A.ownNumber(Y.Root, Y.Fn->Usr, Y.A->NumberGuard))
        return false;
      if (X.A->Indexed && Y.A->Indexed)
        return false;
      if (A.Roots[X.Root].IsMain)
        return false;
    }
    // The cheap test first: most pairs of a shared location share a lock.
    if (commonLock(*X.Held, *Y.Held))
      return false;
    if (A.handedOff(X.Root, X.Fn->Usr, *X.A, Y.Root, Y.Fn->Usr, *Y.A, X.Site, Y.Site))
      return false;
    if (X.Root != Y.Root && (createdBefore(X, Y) || createdBefore(Y, X)))
      return false;
    if (X.Root != Y.Root &&
        (!A.mayRunAt(X.Root, X.Fn->Usr, X.A->Where, X.A->Live, Y.Root, X.OutsideLoop,
                     &X.A->Held, X.Site) ||
         !A.mayRunAt(Y.Root, Y.Fn->Usr, Y.A->Where, Y.A->Live, X.Root, Y.OutsideLoop,
                     &Y.A->Held, Y.Site)))
      return false;
    if (!A.concurrent(X.Root, *X.Live, Y.Root, *Y.Live))
      return false;
    if (X.Root != Y.Root && (A.dispatchedAfter(X.Root, *X.Fn, *X.A, Y.Root, *Y.Fn, *Y.A) ||
                             A.dispatchedAfter(Y.Root, *Y.Fn, *Y.A, X.Root, *X.Fn, *X.A)))
      return false;
    if (A.orderedByOnce(*X.Fn, *X.A, *Y.Fn, *Y.A) || A.orderedByOnce(*Y.Fn, *Y.A, *X.Fn, *X.A))
      return false;
    if (A.orderedByPhases(X.Root, *X.Fn, *X.A, Y.Root, *Y.Fn, *Y.A))
      return false;
    return !A.orderedByAtomic(X.Root, *X.Fn, *X.A, Y.Root, *Y.Fn, *Y.A) &&
           !A.orderedByAtomic(Y.Root, *Y.Fn, *Y.A, X.Root, *X.Fn, *X.A);
  }

  /// I reaches memory of one activation from within it: named directly in
  /// the owning function, or bound to a parameter through calls only, the
  /// object handed to no thread (ProgramAnalysis::activationOwner,
  /// "ownership and escape" in Ownership.cpp).
  bool activationAccess(const Instance &I) const {
    if (I.ClassLevel)
      return false;
    std::string Owner = A.activationOwner(I.Loc);
    if (Owner.empty())
      return false;
    return I.ViaBinding ? !A.handedToThread(I.Loc) : I.Fn->Usr == Owner;
  }

  /// S initialises a per-instance object in the function that creates T's
  /// thread, before creating it: T's instance sees S's writes, and earlier
  /// instances have objects of their own.
  bool createdBefore(const Instance &S, const Instance &T) const {
    // Or S sets up the slot a spawn loop hands T's thread, which T reaches
    // through its argument (ProgramAnalysis::slotSetUpBefore).
    bool Slot = !S.PerInstance && !T.PerInstance;
    if (Slot && !A.slotSetUpBefore(*S.A, T.Root, T.Fn->Usr, *T.A))
      return false;
    const Root &RT = A.Roots[T.Root];
    if (RT.Sites.empty())
      return false;
    for (const Root::Site &Site : RT.Sites) {
      if (Site.Spawner != S.Fn->Usr)
        return false;
      // Earlier instances (still live) have objects of their own; this one
      // is set up before the spawn that hands it over.
      const auto &L = S.A->Live;
      bool EarlierLive = std::find(L.begin(), L.end(), Site.Spawn->Handle) != L.end();
      // An object allocated for its spawn is held by no earlier thread.
      if (EarlierLive && !(S.A->Where < Site.Spawn->Where) && !(Slot && S.A->SlotFresh))
        return false;
    }
    return true;
  }

  std::string threadName(size_t R) const { return A.Roots[R].Name; }

  /// The call chain a report prints for I's access: one on which root Other
  /// may be running there; through I's call when it is site-split.
  std::vector<std::string> stackOf(const Instance &I, size_t Other) const {
    if (I.OutsideLoop)
      return A.callChain(I.Root, I.Fn->Usr, true);
    if (!I.Site)
      return A.witnessChain(I.Root, I.Fn->Usr, I.A->Where, I.A->Live, &I.A->Held, Other);
    const CallFact &C = *I.Site->Call;
    std::vector<std::string> Out =
        A.witnessChain(I.Root, I.Site->Caller->Usr, C.Where, C.Live, &C.Held, Other);
    Out.push_back(I.Site->Caller->Name + " at " + C.Where.str());
    return Out;
  }

  /// Calls Visit(I, J) for every pair I <= J of G that holds no lock in
  /// common, in (I, J) order, until Visit returns false. The same pairs, in
  /// the same order, as the plain double loop with commonLock() first, but
  /// pairs that share a lock are never visited: instances are grouped by
  /// their lock set, and for each I only the groups with no lock in common
  /// with I's are merged. A location touched under one lock by many
  /// functions (every access of a counter under its mutex) costs linear
  /// time, not quadratic.
  template <typename Fn>
  static void forEachUnlockedPair(const std::vector<const Instance *> &G, Fn Visit) {
    std::map<std::vector<std::pair<Id, bool>>, size_t> ClassIds;
    std::vector<size_t> ClassOf(G.size());
    std::vector<const LockSet *> Rep;
    std::vector<std::vector<size_t>> Members;
    for (size_t I = 0; I < G.size(); ++I) {
      std::vector<std::pair<Id, bool>> K;
      for (const HeldLock &H : *G[I]->Held)
        K.emplace_back(H.Id, H.Shared);
      auto [It, New] = ClassIds.try_emplace(std::move(K), Rep.size());
      if (New) {
        Rep.push_back(G[I]->Held);
        Members.emplace_back();
      }
      ClassOf[I] = It->second;
      Members[It->second].push_back(I);
    }
    size_t NC = Rep.size();
    std::vector<char> Apart(NC * NC);
    for (size_t X = 0; X < NC; ++X)
      for (size_t Y = 0; Y < NC; ++Y)
        Apart[X * NC + Y] = !commonLock(*Rep[X], *Rep[Y]);
    std::vector<size_t> Partners;
    for (size_t I = 0; I < G.size(); ++I) {
      Partners.clear();
      for (size_t C = 0; C < NC; ++C) {
        if (!Apart[ClassOf[I] * NC + C])
          continue;
        const std::vector<size_t> &M = Members[C];
        Partners.insert(Partners.end(), std::lower_bound(M.begin(), M.end(), I), M.end());
      }
      std::sort(Partners.begin(), Partners.end());
      for (size_t J : Partners)
        if (!Visit(I, J))
          return;
    }
  }

  /// G in the order of (access place, root, write), ties in their order. The
  /// files are ranked once, so that no comparison reads a string: a location
  /// that every function touches has an instance per function and root.
  /// Pointers, not the instances moved into a sorted copy: such a group is
  /// large (every function's access of one global in every root).
  static std::vector<const Instance *> sortByPlace(const std::vector<Instance> &G) {
    std::map<std::string_view, unsigned> FileRank;
    for (const Instance &I : G)
      FileRank.emplace(I.A->Where.File.str(), 0);
    unsigned N = 0;
    for (auto &[File, Rank] : FileRank)
      Rank = N++;
    std::vector<std::tuple<unsigned, unsigned, unsigned, size_t, bool, size_t>> Keys;
    Keys.reserve(G.size());
    for (size_t I = 0; I < G.size(); ++I) {
      const SrcLoc &W = G[I].A->Where;
      Keys.emplace_back(FileRank[W.File.str()], W.Line, unsigned(W.Col), G[I].Root, G[I].A->Write, I);
    }
    std::sort(Keys.begin(), Keys.end());
    std::vector<const Instance *> Sorted;
    Sorted.reserve(G.size());
    for (const auto &K : Keys)
      Sorted.push_back(&G[std::get<5>(K)]);
    return Sorted;
  }

  /// What a group reports: the first racing pair (P the write, if one side
  /// is), and up to four other accesses that race too. No P: none.
  struct Pair {
    const Instance *P = nullptr, *Q = nullptr;
    std::vector<const Instance *> Others;
  };

  Pair racingPair(const std::vector<Instance> &Group) const {
    const std::vector<const Instance *> G = sortByPlace(Group);
    const Instance *P = nullptr, *Q = nullptr;
    std::vector<const Instance *> Others;
    forEachUnlockedPair(G, [&](size_t I, size_t J) {
        if (!races(*G[I], *G[J]))
          return true;
        if (!P) {
          P = G[I];
          Q = G[J];
          if (!P->A->Write && Q->A->Write)
            std::swap(P, Q);
          return true;
        }
        for (const Instance *X : {G[I], G[J]}) {
          bool Known = X->A->Where.Line == P->A->Where.Line && X->A->Where.File == P->A->Where.File;
          Known = Known || (X->A->Where.Line == Q->A->Where.Line &&
                            X->A->Where.File == Q->A->Where.File);
          for (const Instance *O : Others)
            Known = Known || (O->A->Where == X->A->Where);
          if (!Known && Others.size() < 4)
            Others.push_back(X);
        }
        return Others.size() < 4; // nothing later changes the report
      });
    return {P, Q, std::move(Others)};
  }

  void reportPair(const Id &Key, const Pair &R) {
    if (!R.P)
      return;
    // A pair met in two groups (a member and its whole struct) is one race.
    auto Where = std::minmax(R.P->A->Where, R.Q->A->Where);
    if (!Reported.insert({Where.first, Where.second}).second)
      return;
    report(Key, *R.P, *R.Q, R.Others);
  }

  FindingLoc startNote(size_t R) const {
    FindingLoc L;
    const Root &Rt = A.Roots[R];
    if (!Rt.Sites.empty()) {
      L.Where = Rt.Sites[0].Spawn->Where;
      L.Note = msg::ThreadStarts(Rt.Name, Rt.Many);
    } else {
      const FunctionFacts *F = A.function(Rt.Entry);
      if (F)
        L.Where = F->Where;
      L.Note = msg::ThreadStarts(Rt.Name, false);
    }
    L.Role = "thread-start";
    L.Thread = Rt.Name;
    return L;
  }

  bool guessedRoot(size_t R) const {
    return !A.Roots[R].IsMain && A.Roots[R].Sites.empty();
  }

  /// Says why P and Q can run at once, on the start note of the thread that
  /// is running at the other's access (the last start note).
  void explainConcurrency(Finding &F, const Instance &P, const Instance &Q) const {
    bool Locks = !P.Held->empty() || !Q.Held->empty(); // a lock on one side, none on both
    std::string Why, On;
    const Root &RP = A.Roots[P.Root], &RQ = A.Roots[Q.Root];
    if (P.Root == Q.Root) {
      Why = msg::WhyInstances(RQ.Name, Locks);
    } else {
      // The thread that is running at the other side's access.
      const Instance &Runner = RQ.IsMain ? P : Q;
      const Instance &At = RQ.IsMain ? Q : P;
      const Root &R = A.Roots[Runner.Root];
      On = R.Name;
      size_t Guessed = guessedRoot(P.Root) ? P.Root : Q.Root;
      if (guessedRoot(Guessed))
        Why = msg::WhyNoCreation(A.Roots[Guessed].Name, Locks);
      else if (A.Roots[At.Root].IsMain)
        Why = msg::WhyNotJoined(R.Name, At.A->Write, A.Roots[At.Root].Name, At.A->Where, Locks);
      else
        Why = msg::WhyOverlap(RP.Name, RQ.Name, Locks);
    }
    for (auto It = F.Locations.rbegin(); It != F.Locations.rend(); ++It)
      if (It->Role == "thread-start" && (On.empty() || It->Thread == On)) {
        It->Note = msg::NoteBecause(It->Note, Why);
        return;
      }
  }

  /// A side whose object most likely is one of many: a class-level access
  /// whose object comes from another object's memory (ProgramAnalysis::
  /// perObjectOrigin, on the paths of its call-site split: originAt) or was
  /// taken out of a container, of a class with more objects than a fixed set
  /// of named ones (a counter every worker points to, made once by main, is
  /// one object however it is reached); or a named local of a function that
  /// runs more than once (perRunLocal).
  bool perObjectSide(const Instance &I) const {
    if (I.ViaBinding)
      return false;
    if (!I.ClassLevel)
      return perRunLocal(I.Loc);
    if (A.staticObjects(std::string(classOf(I.A->Field))))
      return false;
    // An object its thread took out of a container (or fills before it
    // puts it in one: ProgramAnalysis::takenAccess) is one of the
    // container's objects, wherever the container is.
    return A.perObjectOrigin(I.Root, originAt(I)) || A.takenAccess(I.Root, I.Fn->Usr, *I.A, I.Site);
  }
  /// A local (or a member of one) of a function that runs more than once,
  /// named ("local:<fn>|<var usr>[.member]"): one object per run, as a local
  /// object a pointer reaches ("a:", ProgramAnalysis::perObjectNode).
  bool perRunLocal(const Id &Loc) const {
    std::string Fn = localOwner(Loc);
    return !Fn.empty() && A.runsPerCall(Fn);
  }
  /// Does I hold a lock of its own object: a lock member of the accessed
  /// class, or of a class its object is embedded in ('q->lock' held for
  /// 'q->head.last')? Objects of such a class are made to be shared.
  bool holdsOwnLock(const Instance &I) const {
    std::string_view Cls = classOf(I.A->Field);
    return llvm::any_of(*I.Held, [&](const HeldLock &H) {
      if (H.Id.kind() != IdKind::Field)
        return false;
      std::string_view LockCls = classOf(H.Id.key());
      if (LockCls == Cls)
        return true;
      for (llvm::StringRef Rest = *I.Chain; !Rest.empty();) {
        auto [Seg, Tail] = Rest.split('/');
        if (classOf(Seg) == LockCls)
          return true;
        Rest = Tail;
      }
      return false;
    });
  }
  /// The node I's object comes from, on its call-site split's paths: a
  /// parameter is what the calls into its function pass there
  /// (ProgramAnalysis::nodeAtCall; 'lzma_lzma_preset(&easy->opt)' from one
  /// caller, '(&opt_global)' from another), else the access's own origin.
  std::string originAt(const Instance &I) const {
    if (I.Site)
      if (std::string N = ProgramAnalysis::nodeAtCall(I.A->Origin, I.Site); !N.empty())
        return N;
    return I.A->Origin;
  }
  /// A side that reaches one shared object: a named location other than a
  /// local, or an object that may come from a global (sharedOrigin).
  bool sharedSide(const Instance &I) const {
    if (!I.ClassLevel || I.ViaBinding)
      return I.Loc.kind() != IdKind::Local;
    return A.sharedOrigin(I.Root, originAt(I));
  }

  /// Confidence (docs/finding-model.md#confidence): low when a side runs in a
  /// guessed thread root, or when both sides most likely use one of many
  /// objects (perObjectSide), neither holds a lock of its object
  /// (holdsOwnLock), and no other access the report lists reaches a shared
  /// one ('last->count', a global's); medium when a side holds a lock or
  /// reaches the location through a class-merged object; else high.
  void grade(Finding &F, const Instance &P, const Instance &Q,
             const std::vector<const Instance *> &Others) const {
    bool Locked = !P.Held->empty() || !Q.Held->empty();
    if (guessedRoot(P.Root) || guessedRoot(Q.Root)) {
      F.Confidence = "low";
      F.ConfidenceWhy = msg::LowGuessedRoot(threadName(guessedRoot(P.Root) ? P.Root : Q.Root));
    } else if (perObjectSide(P) && perObjectSide(Q) && !holdsOwnLock(P) && !holdsOwnLock(Q) &&
               llvm::none_of(Others, [&](const Instance *O) { return sharedSide(*O); })) {
      F.Confidence = "low";
      F.ConfidenceWhy = msg::LowPerObject();
    } else if (Locked) {
      F.Confidence = "medium";
      F.ConfidenceWhy = msg::MediumLockHeld();
    } else if (P.ClassLevel || Q.ClassLevel) {
      F.Confidence = "medium";
      F.ConfidenceWhy = msg::MediumClassLevel();
    }
  }

  void report(const Id &Key, const Instance &P, const Instance &Q,
              const std::vector<const Instance *> &Others) {
    // Name the more specific side: a member rather than its whole struct,
    // an object path rather than a lock class.
    std::string Name = *P.Name;
    bool PWhole = !P.A->Record.empty(), QWhole = !Q.A->Record.empty();
    if (PWhole != QWhole)
      Name = PWhole ? *Q.Name : *P.Name;
    else if (P.ClassLevel && !Q.ClassLevel)
      Name = *Q.Name;
    else if (P.ClassLevel == Q.ClassLevel && Q.Name->size() > P.Name->size())
      Name = *Q.Name;
    Finding F;
    F.Kind = "race";
    F.Message = msg::RaceOn(Name, P.A->Write, threadName(P.Root), Q.A->Write, P.Root == Q.Root,
                            threadName(Q.Root), !P.Held->empty() || !Q.Held->empty());
    // Other: the thread the chain shows running at the access.
    auto AccessLoc = [&](const Instance &I, bool Primary, size_t Other) {
      FindingLoc L;
      L.Where = I.A->Where;
      L.Role = "access";
      L.Thread = threadName(I.Root);
      L.Function = I.Fn->Name;
      L.Stack = stackOf(I, Other);
      L.HeldKnown = true;
      for (const HeldLock &H : *I.Held)
        L.Held.push_back(H.Name);
      if (!Primary)
        L.Note = msg::RaceConflicting(I.A->Write, threadName(I.Root), !I.Held->empty(),
                                      lockNames(*I.Held));
      return L;
    };
    F.Locations.push_back(AccessLoc(P, true, Q.Root));
    if (!P.Held->empty()) {
      FindingLoc H;
      H.Where = (*P.Held)[0].Where;
      H.Role = "held";
      H.Note = msg::RaceHeld(P.A->Write, lockNames(*P.Held));
      if (H.Where.valid())
        F.Locations.push_back(H);
    }
    if (!(Q.A->Where == P.A->Where && Q.Root == P.Root) || P.Root != Q.Root)
      F.Locations.push_back(AccessLoc(Q, false, P.Root));
    else {
      FindingLoc L = AccessLoc(Q, false, P.Root);
      L.Note = msg::RaceSameAccess(Q.A->Write, threadName(Q.Root));
      F.Locations.push_back(L);
    }
    for (const Instance *O : Others) {
      FindingLoc L = AccessLoc(*O, false, P.Root);
      L.Note = msg::RaceAlso(O->A->Write, threadName(O->Root));
      F.Locations.push_back(L);
    }
    F.Locations.push_back(startNote(P.Root));
    if (Q.Root != P.Root)
      F.Locations.push_back(startNote(Q.Root));
    explainConcurrency(F, P, Q);
    grade(F, P, Q, Others);
    std::set<std::string> Threads{threadName(P.Root), threadName(Q.Root)};
    F.Threads.assign(Threads.begin(), Threads.end());
    F.Identity = {Key.str(), A.Roots[P.Root].Entry, A.Roots[Q.Root].Entry};
    Sink.report(std::move(F));
  }
};

} // namespace

void runRaceCheck(const ProgramAnalysis &A, FindingSink &Sink) { RaceCheck(A, Sink).run(); }

} // namespace parcheck
