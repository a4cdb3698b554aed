//===- StateArms.cpp - state-machine arms a loop's objects never enter ----===//
//
// State selection of callback code
//
// An event-loop callback that drives a state machine on its object runs only
// the arms of the states that object can be in. memcached registers
// event_handler -> drive_machine(c) for every connection, with
// 'c->state = init_state' at the registration (conn_new(.., init_state, ..,
// base, ..)): main registers its listening connections on main_base in state
// conn_listening, the workers their client connections on
// LIBEVENT_THREAD::base in conn_new_cmd or conn_read. No transition ever
// leads to conn_listening, and from conn_listening only to the closing
// states, so main never runs the command arms and no worker runs the accept
// arm. Without this every callback's code is every loop's code (phantom
// threads), and main's startup helpers that the command paths also call are
// taken to run after the workers started.
//
// The facts (extract/StateArms.cpp): arms of 'switch (p->m)' on a parameter
// never reassigned (enum members only), writes of enum members with their
// value (a constant, a parameter, another member's value), and direct calls
// with their enum and event-base arguments.
//
// The rule, for a member m and an event base B (a value set is "any" as soon
// as one of its sources is not followed):
//   * Registering functions: G binds an event to its base parameter k
//     (event_base_set(base, ..) with 'base' G's parameter; FnStores). Each
//     direct call of G names a base (its k-th argument, through the
//     callers' own base parameters) and gives G's writes of m their values
//     (G's parameters take that call's arguments). These are the initial
//     states Init(B) of B's objects; a call whose base is not known adds to
//     every base's.
//   * Transitions: every other write of m, and every call of a setter (a
//     function that writes m from its parameter: conn_set_state(c, s)) at
//     the call, with its value set. A transition made by root R' at a point
//     of function F counts for base B unless R' reaches F only inside the
//     callbacks of its loop on another base (LoopContext.cpp), or only inside
//     B's loop in an arm whose labels are all outside the states found so
//     far. Made outside every loop (main's conn_close_all after its loop, a
//     side thread), it counts for every base.
//   * States(B) = Init(B) closed under the transitions that count for B; it
//     is "any" when no registration gives B an initial state.
//   * Root R does not run an arm of function F when R reaches F only inside
//     the callbacks of its loop on B, the arm's parameter is not bound to a
//     named variable (NamedParams) and its class has no lock or atomic member
//     (SyncedClasses), and none of the arm's labels is in States(B). Its
//     calls are not followed and its accesses are not R's.
//
// Assumptions (those of loop-context confinement): the object a loop's
// callback is handed, and that its code reaches through its parameters, is
// one of that loop's objects; an object keeps the base it was registered on
// (a re-registration that writes no state: update_event, keeps it); a state
// written by one loop's code is written to that loop's objects. Known limits:
// a state member also set by memset/memcpy or through a pointer to it is not
// followed (its write is Unknown only when its address is taken by '&'); a
// registering function called through a pointer makes its writes
// transitions of every base; an arm is found only in the function that
// switches on its own parameter, not in the callers of a helper that does.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "facts/EventSlots.h"
#include "facts/Ids.h"

#include <functional>

namespace parcheck {

namespace {

/// A set of enum values, or any value (Top).
struct ValueSet {
  bool Top = false;
  std::set<long long> V;
  bool add(const ValueSet &O) {
    if (Top)
      return false;
    if (O.Top) {
      Top = true;
      V.clear();
      return true;
    }
    size_t N = V.size();
    V.insert(O.V.begin(), O.V.end());
    return V.size() != N;
  }
  /// Whether some value passes the test '== C' (Eq) or '!= C'.
  bool passes(long long C, bool Eq) const {
    if (Top)
      return true;
    return Eq ? V.count(C) != 0 : !(V.size() == 1 && *V.begin() == C);
  }
  /// This set restricted to the values that pass a test.
  void restrict(long long C, bool Eq) {
    if (Eq) {
      bool Has = Top || V.count(C);
      Top = false;
      V.clear();
      if (Has)
        V.insert(C);
    } else if (!Top) {
      V.erase(C);
    }
  }
  bool meets(const std::vector<long long> &Labels) const {
    if (Top)
      return true;
    for (long long L : Labels)
      if (V.count(L))
        return true;
    return false;
  }
};

ValueSet anyValue() {
  ValueSet S;
  S.Top = true;
  return S;
}

bool within(const SrcLoc &W, const StateArm &A) {
  auto Key = [](const SrcLoc &L) { return L.pos(); };
  return W.File == A.Begin.File && Key(A.Begin) <= Key(W) && Key(W) <= Key(A.End);
}

/// A write of a state member at a point: Where in function Fn; Guards: the
/// tests on the written object's members that hold there.
struct Transition {
  const std::string *Fn;
  SrcLoc Where;
  std::string Field;
  ValueSet Values;
  std::vector<const ValueGuard *> Guards;
};

/// The value flow of enum parameters and members over the whole program.
class StateValues {
public:
  StateValues(const Program &P) : P(P) {
    for (const FnStore &S : P.FnStores)
      if (!S.Value.Fn.empty())
        Named.insert(S.Value.Fn);
    for (const auto &[Usr, F] : P.Functions) {
      if (F.IsMain)
        Named.insert(Usr);
      for (const CallFact &C : F.Calls)
        for (const FnArg &A : C.FnArgs)
          Named.insert(A.Value.Fn);
      for (const CallFact &C : F.IndirectCalls)
        for (const FnArg &A : C.FnArgs)
          Named.insert(A.Value.Fn);
      for (const SpawnFact &S : F.Spawns)
        Named.insert(S.Entry);
      for (const ValueCall &C : F.ValueCalls)
        Calls[C.Callee].push_back({&Usr, &C});
    }
    solve();
  }

  /// Functions that may be called through a value: their parameters take any value.
  std::set<std::string> Named;
  /// Per callee: its direct calls with their caller.
  std::map<std::string, std::vector<std::pair<const std::string *, const ValueCall *>>> Calls;

  /// V's values in Fn where the tests Guards hold (those on V's parameter
  /// restrict it).
  ValueSet eval(const std::string &Fn, const ValueSrc &V,
                const std::vector<ValueGuard> &Guards) const {
    ValueSet S = eval(Fn, V);
    if (V.K == ValueSrc::Param)
      for (const ValueGuard &G : Guards)
        if (G.Field.empty() && G.Param == V.Index)
          S.restrict(G.C, G.Eq);
    return S;
  }
  ValueSet eval(const std::string &Fn, const ValueSrc &V) const {
    ValueSet S;
    switch (V.K) {
    case ValueSrc::Const:
      S.V.insert(V.C);
      return S;
    case ValueSrc::Param: {
      if (Named.count(Fn))
        return anyValue();
      auto It = Params.find({Fn, V.Index});
      return It == Params.end() ? S : It->second;
    }
    case ValueSrc::Field: {
      auto It = Fields.find(V.Name);
      return It == Fields.end() ? S : It->second;
    }
    default:
      return anyValue();
    }
  }
  /// The value a call gives its callee's parameter I.
  ValueSet argument(const std::string &Caller, const ValueCall &C, int I) const {
    return I >= 0 && size_t(I) < C.Args.size() ? eval(Caller, C.Args[size_t(I)], C.Guards)
                                               : anyValue();
  }

private:
  const Program &P;
  std::map<std::pair<std::string, int>, ValueSet> Params;
  std::map<std::string, ValueSet> Fields;

  void solve() {
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const auto &[Usr, F] : P.Functions) {
        for (const ValueCall &C : F.ValueCalls) {
          const FunctionFacts *Callee = P.Functions.count(C.Callee) ? &P.Functions.at(C.Callee)
                                                                      : nullptr;
          size_t N = std::max(C.Args.size(), Callee ? Callee->ParamNames.size() : 0);
          for (size_t I = 0; I < N; ++I)
            Changed = Params[{C.Callee, int(I)}].add(argument(Usr, C, int(I))) || Changed;
        }
        for (const StateWrite &W : F.StateWrites)
          Changed = Fields[W.Field].add(eval(Usr, W.Value, W.Guards)) || Changed;
      }
    }
  }
};

using StateMap = std::map<std::pair<Id, std::string>, ValueSet>;
using ContextMap = std::vector<std::map<std::string, Id>>;

/// One round of the closure: adds to each not-"any" States(B, m) the values
/// of the transitions of m that count for B, given the functions each root
/// reaches without the arms excluded so far (Reachable) and those arms
/// (Excluded(R, Fn, Where)). Returns whether a set grew.
bool addTransitions(StateMap &States, const std::vector<Transition> &Trans,
                    const std::vector<std::set<std::string>> &Reachable, const ContextMap &Contexts,
                    const std::function<bool(size_t, const std::string &, const SrcLoc &)> &Excluded,
                    const std::function<bool(const Id &, const ValueGuard &)> &Passes) {
  bool Grew = false;
  for (auto &[Key, S] : States) {
    const auto &[B, Field] = Key;
    for (const Transition &T : Trans) {
      if (S.Top || T.Field != Field)
        continue;
      // A test on a member fixed at registration: only for the bases some
      // of whose objects pass it.
      bool Passed = true;
      for (const ValueGuard *G : T.Guards)
        Passed = Passed && Passes(B, *G);
      if (!Passed)
        continue;
      bool Counts = false;
      for (size_t R = 0; R < Reachable.size() && !Counts; ++R) {
        if (!Reachable[R].count(*T.Fn))
          continue;
        auto Ctx = Contexts[R].find(*T.Fn);
        // Outside every loop: any object. In B's loop: unless in an arm
        // B's objects never enter. In another base's loop: its objects.
        Counts = Ctx == Contexts[R].end() || (Ctx->second == B && !Excluded(R, *T.Fn, T.Where));
      }
      if (Counts)
        Grew = S.add(T.Values) || Grew;
    }
  }
  return Grew;
}

/// Initial states per (base, member): what the registrations give.
using InitMap = std::map<std::pair<Id, std::string>, ValueSet>;

/// Adds to S the values base B's registrations (and those whose base is not
/// known) give Field; whether there are any.
bool registered(const InitMap &Init, const Id &B, const std::string &Field, ValueSet &S) {
  bool Any = false;
  for (const Id &From : {B, Id()})
    if (auto It = Init.find({From, Field}); It != Init.end()) {
      S.add(It->second);
      Any = true;
    }
  return Any;
}

} // namespace

bool ProgramAnalysis::stateArmExcluded(size_t R, const std::string &Fn,
                                       const SrcLoc &Where) const {
  if (R >= ExcludedArms.size())
    return false;
  auto It = ExcludedArms[R].find(Fn);
  if (It == ExcludedArms[R].end())
    return false;
  for (const StateArm *A : It->second)
    if (within(Where, *A))
      return true;
  return false;
}

bool ProgramAnalysis::computeStateArms() {
  ExcludedArms.assign(Roots.size(), {});
  std::set<std::string> ArmFields;
  for (const auto &[Usr, F] : P.Functions)
    for (const StateArm &A : F.StateArms)
      ArmFields.insert(A.Field);
  if (ArmFields.empty())
    return false;
  StateValues Vals(P);

  // Registering functions: G -> its base parameter bound to an event.
  std::map<std::string, std::set<unsigned>> Registering;
  for (const FnStore &S : P.FnStores)
    if (std::optional<Id> B = baseOfLoopSlot(S.Slot); B && B->kind() == IdKind::Param &&
                                                      !baseOfLoopSlot(S.Value.Slot))
      if (std::string G = paramFunction(*B); !G.empty() && !Vals.Named.count(G))
        if (std::optional<unsigned> K = paramIndex(*B, G))
          Registering[G].insert(*K);
  // The bases a call's argument names, through the callers' base parameters;
  // an empty Id stands for a base not known.
  std::function<void(const std::string &, const ValueCall &, unsigned, std::set<Id> &, int)>
      BasesOf = [&](const std::string &Caller, const ValueCall &C, unsigned K,
                    std::set<Id> &Out, int Depth) {
        if (K >= C.Args.size() || C.Args[K].K != ValueSrc::Base || Depth > 4) {
          Out.insert(Id());
          return;
        }
        Id B = Id::parse(C.Args[K].Name);
        std::optional<unsigned> PI =
            B.kind() == IdKind::Param ? paramIndex(B, Caller) : std::nullopt;
        if (!PI) {
          Out.insert(B);
          return;
        }
        auto It = Vals.Calls.find(Caller);
        if (Vals.Named.count(Caller) || It == Vals.Calls.end()) {
          Out.insert(Id());
          return;
        }
        for (const auto &[CC, VC] : It->second)
          BasesOf(*CC, *VC, *PI, Out, Depth + 1);
      };

  // Initial states per (base, member), and the transitions.
  InitMap Init;
  std::vector<Transition> Trans;
  // Members fixed at registration: every write is a registering function's.
  std::set<std::string> Unfixed;
  for (const auto &[Usr, F] : P.Functions)
    if (!Registering.count(Usr))
      for (const StateWrite &W : F.StateWrites)
        Unfixed.insert(W.Field);
  // The tests of a write of its object's members fixed at registration;
  // Obj: the parameter the object is, at the point the tests hold.
  auto FixedGuards = [&](const std::vector<ValueGuard> &Gs, int Obj,
                         std::vector<const ValueGuard *> &Out) {
    for (const ValueGuard &G : Gs)
      if (Obj >= 0 && G.Param == Obj && !G.Field.empty() && !Unfixed.count(G.Field))
        Out.push_back(&G);
  };
  for (const auto &[Usr, F] : P.Functions) {
    auto Reg = Registering.find(Usr);
    for (const StateWrite &W : F.StateWrites) {
      bool Arm = ArmFields.count(W.Field) != 0;
      if (!Arm && Reg == Registering.end())
        continue;
      auto Calls = Vals.Calls.find(Usr);
      if (Reg != Registering.end()) {
        if (Calls == Vals.Calls.end())
          continue; // never called: no object is registered
        for (const auto &[Caller, C] : Calls->second) {
          ValueSet V = W.Value.K == ValueSrc::Param ? Vals.argument(*Caller, *C, W.Value.Index)
                                                    : Vals.eval(Usr, W.Value, W.Guards);
          std::set<Id> Bases;
          for (unsigned K : Reg->second)
            BasesOf(*Caller, *C, K, Bases, 0);
          for (const Id &B : Bases)
            Init[{B, W.Field}].add(V);
        }
        continue;
      }
      if (W.Value.K == ValueSrc::Param && !Vals.Named.count(Usr)) {
        // A setter: the write happens at each of its calls, with its value.
        if (Calls != Vals.Calls.end())
          for (const auto &[Caller, C] : Calls->second) {
            Transition T{Caller, C->Where, W.Field, Vals.argument(*Caller, *C, W.Value.Index), {}};
            if (W.Obj >= 0 && size_t(W.Obj) < C->Objs.size())
              FixedGuards(C->Guards, C->Objs[size_t(W.Obj)], T.Guards);
            Trans.push_back(std::move(T));
          }
        continue;
      }
      Transition T{&Usr, W.Where, W.Field, Vals.eval(Usr, W.Value, W.Guards), {}};
      FixedGuards(W.Guards, W.Obj, T.Guards);
      Trans.push_back(std::move(T));
    }
  }
  auto Excludable = [&](const std::string &Fn, const StateArm &A) {
    std::string C = memberClass(A.Field);
    return A.Param >= 0 && !NamedParams.count(paramId(Fn, unsigned(A.Param))) && !C.empty() &&
           !SyncedClasses.count(C);
  };
  // States(B, m) starts at the initial states of B's objects ("any" when no
  // registration gives any) and grows with the transitions that count, as a
  // least fixpoint: the arms excluded and what each root reaches without
  // them are redone each round.
  StateMap States;
  for (const auto &M : LoopContexts)
    for (const auto &[Fn, B] : M)
      for (const std::string &Field : ArmFields) {
        if (States.count({B, Field}))
          continue;
        ValueSet &S = States[{B, Field}];
        if (!registered(Init, B, Field, S))
          S = anyValue();
      }
  auto Excluded = [&](size_t R, const std::string &Fn, const SrcLoc &W) {
    return stateArmExcluded(R, Fn, W);
  };
  // Some object of base B passes G: B's registrations (and those whose base
  // is not known) give G's member a value that passes; any value when none.
  auto Passes = [&](const Id &B, const ValueGuard &G) {
    ValueSet S;
    return !registered(Init, B, G.Field, S) || S.passes(G.C, G.Eq);
  };
  for (;;) {
    ExcludedArms.assign(Roots.size(), {});
    for (size_t R = 0; R < Roots.size() && R < LoopContexts.size(); ++R)
      for (const auto &[Fn, B] : LoopContexts[R]) {
        const FunctionFacts *F = function(Fn);
        if (!F)
          continue;
        for (const StateArm &A : F->StateArms) {
          auto S = States.find({B, A.Field});
          if (S != States.end() && !S->second.meets(A.Values) && Excludable(Fn, A))
            ExcludedArms[R][Fn].push_back(&A);
        }
      }
    std::vector<std::set<std::string>> Reachable(Roots.size());
    for (size_t R = 0; R < Roots.size(); ++R)
      Reachable[R] = reachableWithoutArms(R);
    if (!addTransitions(States, Trans, Reachable, LoopContexts, Excluded, Passes))
      break;
  }
  for (const auto &M : ExcludedArms)
    if (!M.empty())
      return true;
  return false;
}

std::set<std::string> ProgramAnalysis::reachableWithoutArms(size_t R) const {
  std::set<std::string> Seen;
  std::vector<std::string> Work;
  auto Add = [&](const std::string &Fn) {
    if (Seen.insert(Fn).second)
      Work.push_back(Fn);
  };
  Add(Roots[R].Entry);
  if (Roots[R].IsMain)
    for (const auto &[Usr, F] : P.Functions)
      if (idKind(Usr) == IdKind::StaticInit)
        Add(Usr);
  while (!Work.empty()) {
    std::string Fn = Work.back();
    Work.pop_back();
    if (const FunctionFacts *F = function(Fn))
      for (const CallFact &C : F->Calls)
        if (function(C.Callee) && !stateArmExcluded(R, Fn, C.Where))
          Add(C.Callee);
  }
  return Seen;
}

} // namespace parcheck
