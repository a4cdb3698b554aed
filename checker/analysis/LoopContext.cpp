//===- LoopContext.cpp - objects of a loop's callbacks ---------------------===//
//
// Loop-context confinement
//
// Loop confinement (LoopConfinement.cpp) follows the object a loop hands to
// its callback through parameters. It gives up when the same function is
// also called on an object taken from somewhere else: memcached's worker
// runs drive_machine(c) from event_handler (its loop's connection) and,
// through conn_close_idle(conns[item->sfd]), on a connection it looks up
// in the global table by the descriptor its owner queued to it. The table
// holds every connection, so which one it is cannot be shown; then every
// 'conn::' access of the worker is paired with every one of the listener
// loop's, though no connection is in two loops.
//
// The rule (thread confinement by loop, as RacerD confines the code of an
// Android UI thread, and as RacerD reports a class only when the program
// treats it as shared): a class-level access A of function F in root R is
// to an object of R's loop on base B when
//   * R reaches F only inside callbacks its loop on B runs: every call of F
//     on R's paths is a callback call of that loop or is made by a function
//     that is itself reached only so (a greatest fixpoint over R's calls;
//     R's entry is outside every loop);
//   * A's class carries no synchronisation of its own: no member lock of
//     the class is taken anywhere and no member of it is accessed
//     atomically (SyncedClasses). A class whose objects have a lock, or
//     are touched atomically, is one the program shares between threads, so
//     its objects may be any loop's (except the class of R's own instance
//     object, below: "An instance's own context"); and
//   * A is not through a parameter some call binds to a named variable (a
//     global or a local passed by address: namedParams), which two loops
//     can both name.
// Two accesses whose domains are two different bases are to two different
// objects (RaceCheck.cpp), as in loop confinement; an access with no
// domain (a thread that runs no loop, code before or after the loop, a
// class with a lock) is paired with every object of its class.
//
// Soundness: this assumes what an event-loop program must do anyway, that an
// unsynchronised object is used by the callbacks of one loop at a time: an
// object a callback finds through a table or a queue is one of its own loop's,
// or was handed over with an order the checker does not see (a locked queue,
// the kernel's descriptor reuse). A program whose callbacks of two loops
// really touch one unsynchronised heap object at once has that race missed
// when both sides run in loop callbacks; it is still reported against any
// access from outside a loop (a timeout thread reading the table, main before
// its loop starts). Instances of one root whose loops name the same base (a
// member 'worker::base' of every worker) share a domain and are paired as
// before.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "facts/Ids.h"

namespace parcheck {

namespace {
/// The loop a function runs under in the fixpoint: not yet known (Top), the
/// loop on one base, or none (Bottom).
struct Context {
  enum State { Top, Base, Bottom } S = Top;
  Id B;
  bool Out = false; ///< Also reached on a path outside every loop.
  bool operator==(const Context &O) const { return S == O.S && B == O.B && Out == O.Out; }
  bool operator!=(const Context &O) const { return !(*this == O); }
};
} // namespace

/// Named, with the parameters of the callbacks registered with a shared
/// object (SharedArg: '&global', a parameter given a named variable), and
/// the parameters of callees bound to any of these, transitively: the objects
/// two loops may both be handed.
static std::set<Id> sharedParams(const Program &P, std::set<Id> Out,
                                 const std::set<std::string> &SharedArg) {
  for (const std::string &Cb : SharedArg)
    if (auto It = P.Functions.find(Cb); It != P.Functions.end())
      for (unsigned I = 0; I < It->second.ParamNames.size(); ++I)
        Out.insert(paramId(Cb, I));
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls)
        for (size_t I = 0; I < C.Args.size(); ++I)
          if (!C.Callee.empty() && C.Args[I].K == ObjRef::Param && Out.count(C.Args[I].Id))
            Changed = Out.insert(paramId(C.Callee, unsigned(I))).second || Changed;
  }
  return Out;
}

void ProgramAnalysis::computeLoopContexts(const std::set<Id> &Named,
                                          const std::set<std::string> *SharedArg) {
  if (SharedArg)
    NamedParams = sharedParams(P, Named, *SharedArg);
  SyncedClasses.clear();
  for (const auto &[Usr, F] : P.Functions) {
    for (const LockOpFact &L : F.LockOps)
      if (std::string C = fieldClass(L.Lock.Id); !C.empty())
        SyncedClasses.insert(C);
    for (const AccessFact &A : F.Accesses)
      if (A.Atomic && !A.Field.empty())
        if (std::string C = memberClass(A.Field); !C.empty())
          SyncedClasses.insert(C);
  }

  InstanceArgClasses.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R)
    InstanceArgClasses[R] = instanceArgClasses(R);

  LoopContexts.assign(Roots.size(), {});
  MixedContexts.assign(Roots.size(), {});
  OutsideFns.assign(Roots.size(), {});
  if (!SharedArg || !HasLoopSlotCalls)
    return;
  for (size_t R = 0; R < Roots.size(); ++R) {
    const ReachMap &M = Reached[R];
    struct Edge {
      const std::string *Caller;
      Id LoopBase; ///< A callback call of R's loop on this base.
    };
    std::map<std::string, std::vector<Edge>> In;
    bool AnyLoop = false;
    for (const auto &[Usr, Rc] : M)
      if (const FunctionFacts *F = function(Usr))
        for (const CallFact &C : F->Calls)
          if (M.count(C.Callee)) {
            // A callback registered with a shared object ('&global', a
            // parameter given a named variable) may be handed the same
            // object by two loops: it runs in no loop's context.
            Id B = loopBaseOf(*F, C);
            AnyLoop = AnyLoop || !B.empty();
            In[C.Callee].push_back({&Usr, B});
          }
    if (!AnyLoop)
      continue;
    // Two facts per function, over R's call paths: the meet of the loops
    // whose callbacks lead to it (Loop: Top while none is known, a greatest
    // fixpoint), and whether some path reaches it without passing a callback
    // call (Out: a least fixpoint). R's entry, and a function no reached
    // function calls (a global constructor), are reached outside every loop.
    std::map<std::string, Context> Ctx;
    for (const auto &[Usr, Rc] : M) {
      Context &C = Ctx[Usr];
      C.Out = Usr == Roots[R].Entry || !In.count(Usr);
    }
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (auto &[Usr, C] : Ctx) {
        auto InIt = In.find(Usr);
        if (InIt == In.end())
          continue;
        Context Next = C;
        for (const Edge &E : InIt->second) {
          Context B;
          if (E.LoopBase.empty())
            B = Ctx.at(*E.Caller);
          else
            B.S = Context::Base, B.B = E.LoopBase;
          Next.Out = Next.Out || (E.LoopBase.empty() && B.Out);
          if (B.S == Context::Top || Next.S == Context::Bottom)
            continue;
          if (Next.S == Context::Top)
            Next.S = B.S, Next.B = B.B;
          else if (B.S == Context::Bottom || Next.B != B.B)
            Next.S = Context::Bottom, Next.B = Id();
        }
        if (Next != C) {
          C = Next;
          Changed = true;
        }
      }
    }
    for (const auto &[Usr, C] : Ctx) {
      if (C.S != Context::Base)
        continue;
      (C.Out ? MixedContexts[R] : LoopContexts[R]).emplace(Usr, C.B);
    }
    if (!MixedContexts[R].empty())
      for (const auto &[Usr, C] : Ctx)
        if (C.Out)
          OutsideFns[R].insert(Usr);
  }
  // The members each root's code writes (unsetMember). A write of a whole
  // object (free, memset, a copy of another object of its class) is not
  // counted: it makes no member point to a new context.
  WrittenMembers.assign(Roots.size(), {});
  for (size_t R = 0; R < Roots.size(); ++R)
    for (const auto &[Usr, Rc] : Reached[R])
      if (const FunctionFacts *F = function(Usr))
        for (const AccessFact &A : F->Accesses)
          if (A.Write && A.Record.empty() && !A.Field.empty())
            WrittenMembers[R].insert(A.Field);
}

// Members a loop never sets
//
// A loop's object ('c', a connection its callback was handed) is that
// loop's alone (the rule above), so what its members hold was written by
// the loop's own root. A pointer member that root never writes ('conn::
// thread', set only by each worker to its own context: 'c->thread = me')
// holds, in that loop's objects, what they were made with, nothing: memcached's
// main runs drive_machine on its listening connections, whose 'c->thread'
// is null, and the worker-only paths through it ('c->thread->l') never run
// there. An access of R's loop code through such a member (directly,
// AccessFact::DerivedMember, or as the argument a call passes,
// CallFact::MemberArgs) is dropped when
//   * its object's class is, for every root that writes the member, that
//     root's own instance class (ownInstanceClass: a back pointer to the
//     writer's context), and R writes the member nowhere (a whole-object
//     write, free or memset or a copy, is not counted);
//   * the loop's object is confinable (unsynchronised, not a named object).
// Limit: an object handed from one loop to another with its back pointer
// set by the first is taken not to be read through it by the second.
bool ProgramAnalysis::unsetMember(size_t R, const std::string &Fn, int Param,
                                  const std::string &Member, const std::string &Cls) const {
  if (Param < 0 || Member.empty() || Cls.empty() || R >= LoopContexts.size() ||
      !LoopContexts[R].count(Fn) || NamedParams.count(paramId(Fn, unsigned(Param))))
    return false;
  std::string Owner = memberClass(Member);
  if (Owner.empty() || SyncedClasses.count(Owner))
    return false;
  auto Writes = [&](size_t W) { return WrittenMembers[W].count(Member) != 0; };
  if (Writes(R))
    return false;
  bool Any = false;
  for (size_t W = 0; W < Roots.size(); ++W)
    if (W != R && Writes(W)) {
      if (!ownInstanceClass(W, Cls))
        return false;
      Any = true;
    }
  return Any;
}

/// The classes C such that every creation of root R's threads hands each
/// instance an object of class C of its own (ObjRef::PerInstance: '&threads[i]'
/// in the spawning loop), in the creation's arguments or, for a creation in
/// a helper ('create_worker(fn, arg)'), in what every call of the helper
/// binds the forwarded parameter to.
std::set<std::string> ProgramAnalysis::instanceArgClasses(size_t R) const {
  const Root &Rt = Roots[R];
  if (!Rt.Many || Rt.Sites.empty())
    return {};
  auto OwnClasses = [](const std::vector<ObjRef> &Args) {
    std::set<std::string> Out;
    for (const ObjRef &O : Args)
      if (O.K == ObjRef::Class && O.PerInstance && !O.Id.empty())
        Out.insert(O.Id.key());
    return Out;
  };
  std::optional<std::set<std::string>> All;
  auto Meet = [&](const std::set<std::string> &S) {
    if (!All) {
      All = S;
      return;
    }
    std::set<std::string> Both;
    for (const std::string &C : S)
      if (All->count(C))
        Both.insert(C);
    All = Both;
  };
  for (const Root::Site &Site : Rt.Sites) {
    std::set<std::string> Own = OwnClasses(Site.Spawn->Args);
    for (const ObjRef &A : Site.Spawn->Args) {
      if (A.K != ObjRef::Param)
        continue;
      // Forwarded from the helper's parameter: what every call binds it to.
      std::string Helper = paramFunction(A.Id);
      std::optional<unsigned> I = paramIndex(A.Id, Helper);
      std::optional<std::set<std::string>> Bound;
      for (const auto &[Usr, F] : P.Functions)
        for (const CallFact &C : F.Calls) {
          if (!I || C.Callee != Helper)
            continue;
          std::set<std::string> S =
              *I < C.Args.size() ? OwnClasses({C.Args[*I]}) : std::set<std::string>();
          if (!Bound)
            Bound = S;
          else
            for (auto It = Bound->begin(); It != Bound->end();)
              It = S.count(*It) ? std::next(It) : Bound->erase(It);
        }
      if (Bound)
        Own.insert(Bound->begin(), Bound->end());
    }
    Meet(Own);
  }
  return All ? *All : std::set<std::string>();
}

bool ProgramAnalysis::instanceDomain(size_t R, const Id &Domain) const {
  return R < InstanceArgClasses.size() && Domain.kind() == IdKind::Field &&
         InstanceArgClasses[R].count(fieldClass(Domain));
}

// An instance's own context
//
// A worker handed an object of its own by every creation ('&threads[i]')
// that runs its loop on a member of it ('event_base_loop(me->base, ..)') has
// that object as its loop's context: the loop's callbacks find it again
// through the loop's objects ('c->thread'), and the worker's own code before,
// between and after the loop's runs reaches it through its argument. Under
// the assumption above (an unsynchronised object is one loop's), the
// context's accesses through the argument are that loop's too: an access in
// the entry through its parameter, or in a function the entry calls with it
// (siteDomain), is given the instance's loop as its domain, so that two
// instances' contexts are two objects. An access through the global table
// of all contexts ('threads[i].x') has no domain and is paired as before.
// The context's class may have a lock (memcached's LIBEVENT_THREAD, whose
// IO-completion queue other threads fill under it): the instance was still
// handed its own object, and what its loop reaches of that class through its
// own objects ('c->thread') is taken to be it (ownInstanceClass).

Id ProgramAnalysis::instanceArgDomain(size_t R, unsigned Param, const std::string &Cls) const {
  // Whether or not the class has a lock: each instance is handed its own
  // object, which is what the domain says.
  if (Cls.empty() || R >= LoopContexts.size() ||
      Roots[R].Sites.empty())
    return {};
  auto Own = [&](const ObjRef &O) {
    return O.K == ObjRef::Class && O.PerInstance && O.Id.key() == Cls;
  };
  for (const Root::Site &S : Roots[R].Sites) {
    if (Param >= S.Spawn->Args.size())
      return {};
    const ObjRef &O = S.Spawn->Args[Param];
    if (Own(O))
      continue;
    // Forwarded from a helper's parameter ('create_worker(fn, &threads[i])'):
    // what every call of the helper binds it to.
    if (O.K != ObjRef::Param)
      return {};
    std::string Helper = paramFunction(O.Id);
    std::optional<unsigned> I = paramIndex(O.Id, Helper);
    bool Any = false;
    for (const auto &[Usr, F] : P.Functions)
      for (const CallFact &C : F.Calls)
        if (I && C.Callee == Helper) {
          if (*I >= C.Args.size() || !Own(C.Args[*I]))
            return {};
          Any = true;
        }
    if (!Any)
      return {};
  }
  Id Found;
  for (const auto *M : {&LoopContexts[R], &MixedContexts[R]})
    for (const auto &[Fn, Base] : *M)
      if (Base.kind() == IdKind::Field && fieldClass(Base) == Cls) {
        if (!Found.empty() && Found != Base)
          return {};
        Found = Base;
      }
  return !Found.empty() && instanceDomain(R, Found) ? Found : Id();
}

bool ProgramAnalysis::ownInstanceClass(size_t R, const std::string &Cls) const {
  if (R >= InstanceArgClasses.size() || !InstanceArgClasses[R].count(Cls))
    return false;
  for (const auto *M : {&LoopContexts[R], &MixedContexts[R]})
    for (const auto &[Fn, Base] : *M)
      if (Base.kind() == IdKind::Field && fieldClass(Base) == Cls)
        return true;
  return false;
}

// Through the parameter, or through an object derived from it (a member
// object 'c->resp', 'c->thread->bundle'): what a loop's object points to is
// taken to be that loop's too, when its class is unsynchronised. An object
// of the class each instance is handed as its own and runs its loop on
// (memcached's LIBEVENT_THREAD, reached again as 'c->thread') is the
// instance's own even when the class has a lock (its other members are
// shared with other threads under it): a per-thread slot, as RacerD's
// thread-confined objects. An access naming such an object through a global
// table ('threads[j].x') or a named parameter has no domain, as before.
std::string ProgramAnalysis::confinableClass(size_t R, const std::string &Fn,
                                             const AccessFact &A) const {
  if (!A.ClassLevel)
    return {};
  int Via = A.ViaParam >= 0 ? A.ViaParam : A.DerivedParam;
  if (Via < 0 || NamedParams.count(paramId(Fn, unsigned(Via))))
    return {};
  std::string C = memberClass(A.Field);
  return C.empty() || (SyncedClasses.count(C) && !ownInstanceClass(R, C)) ? std::string() : C;
}

Id ProgramAnalysis::siteDomain(size_t R, const std::string &Fn, const AccessFact &A,
                               const CallInto &Site) const {
  std::string C = confinableClass(R, Fn, A);
  if (C.empty() || R >= LoopContexts.size())
    return {};
  const std::string &Caller = Site.Caller->Usr;
  if (auto It = LoopContexts[R].find(Caller); It != LoopContexts[R].end())
    return It->second;
  // The entry hands its own argument on.
  if (Caller != Roots[R].Entry || A.ViaParam < 0 ||
      unsigned(A.ViaParam) >= Site.Call->Args.size())
    return {};
  const ObjRef &O = Site.Call->Args[unsigned(A.ViaParam)];
  std::optional<unsigned> J = O.K == ObjRef::Param ? paramIndex(O.Id, Caller) : std::nullopt;
  return J ? instanceArgDomain(R, *J, C) : Id();
}

Id ProgramAnalysis::loopContextDomain(size_t R, const std::string &Fn, const AccessFact &A,
                                      bool *Split) const {
  if (Split)
    *Split = false;
  if (!A.ClassLevel || R >= LoopContexts.size())
    return {};
  auto It = LoopContexts[R].find(Fn);
  bool Mixed = false;
  if (It == LoopContexts[R].end()) {
    // Also reached outside the loop: the base holds on the loop's paths only.
    It = MixedContexts[R].find(Fn);
    if (!Split || It == MixedContexts[R].end())
      return {};
    Mixed = true;
  }
  if (confinableClass(R, Fn, A).empty())
    return {};
  if (Split)
    *Split = Mixed;
  return It->second;
}

} // namespace parcheck
