//===- NullGuards.cpp - code a thread runs only for arguments it never passes ===//
//
// Null-guarded code (extract/NullGuards.cpp): a call or an access that runs
// only when a pointer parameter of its function is null, or only when it is
// not (CallFact/AccessFact::NullGuards), is dead in root R when no call on
// R's paths passes such a value. libuv's 'uv_fs_stat(loop, req, path, cb)'
// runs the request's work synchronously when 'cb' is null and submits it to
// the pool otherwise; the loop thread calls it only with a callback
// ('uv_fs_poll_start' and 'timer_cb' pass 'poll_cb'), so it never runs the
// work itself, and the pool's work calls 'uv_fs_open(NULL, &fs_req, ..,
// NULL)' only synchronously, so it never submits nor registers a request.
//
// What root R passes for parameter I of F is the join, over every call of F
// that R makes (not itself dead), of what that call's argument is
// (CallFact::NullArgs): not null (an address, a function, a string), null, or
// what R passes for the caller's parameter it hands on (a least fixpoint);
// anything else, the root's entry's parameters (the creating thread's
// argument), and a function R calls only through library code (a callback
// given to a library) may be either. A guard that asks for the value no call
// passes makes its call or access dead in R. The dead calls are dropped from
// R's reach, which is done again until no more are found (the values only
// become more precise with fewer calls): a function reached only through dead
// calls is not R's code.
//
// Context-insensitive per root: a function that one of R's calls gives a
// callback and another gives none runs both ways in R. Limits: the parameter
// must not change in its function (extract/NullGuards.cpp), and what a
// library does with a function value it is given is not followed (its calls
// pass anything).
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "analysis/ParamWorklist.h"

#include <cstdlib>
#include <deque>

namespace parcheck {

namespace {
// What may be passed: a set of {not null, null}, as two bits.
constexpr uint8_t NoValue = 0, NonNullValue = 1, NullValue = 2, AnyValue = 3;

unsigned guardParam(int G) { return unsigned(std::abs(G) - 1); }
} // namespace

bool ProgramAnalysis::deadCall(size_t R, const CallFact &C) const {
  return R < DeadCalls.size() && !DeadCalls[R].empty() && DeadCalls[R].count(&C);
}

bool ProgramAnalysis::deadAccess(size_t R, const AccessFact &A) const {
  return R < DeadAccesses.size() && !DeadAccesses[R].empty() && DeadAccesses[R].count(&A);
}

void ProgramAnalysis::pruneNullArms(size_t R) {
  struct Edge {
    const std::string *Caller;
    const CallFact *C;
  };
  // Each round reaches R again without the calls found dead; bounded, as
  // each round only drops more.
  for (unsigned Round = 0; Round < 8; ++Round) {
    // The parameters guards test, and the callers' parameters handed on to them.
    std::map<std::pair<std::string, unsigned>, uint8_t> Passed;
    std::deque<std::pair<std::string, unsigned>> Work;
    auto Need = [&](const std::string &Fn, unsigned I) {
      if (Passed.emplace(std::make_pair(Fn, I), NoValue).second)
        Work.push_back({Fn, I});
    };
    for (const auto &[Usr, Rc] : Reached[R])
      if (const FunctionFacts *F = function(Usr)) {
        for (const CallFact &C : F->Calls)
          for (int G : C.NullGuards)
            Need(Usr, guardParam(G));
        for (const AccessFact &A : F->Accesses)
          for (int G : A.NullGuards)
            Need(Usr, guardParam(G));
      }
    if (Passed.empty())
      return;
    CallsInto<Edge> In = callsInto<Edge>(
        *this, R,
        [](const std::string &Usr, const FunctionFacts &, const CallFact &C) {
          return Edge{&Usr, &C};
        });
    while (!Work.empty()) {
      auto [Fn, I] = Work.front();
      Work.pop_front();
      if (auto It = In.find(Fn); It != In.end())
        for (const Edge &E : It->second)
          if (I < E.C->NullArgs.size() && E.C->NullArgs[I] >= 0)
            Need(*E.Caller, unsigned(E.C->NullArgs[I]));
    }
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (auto &[Key, Value] : Passed) {
        if (Value == AnyValue)
          continue;
        uint8_t New = Value;
        auto It = In.find(Key.first);
        if (Key.first == Roots[R].Entry || It == In.end()) {
          New = AnyValue;
        } else {
          for (const Edge &E : It->second) {
            int A = Key.second < E.C->NullArgs.size() ? E.C->NullArgs[Key.second]
                                                      : NullArgUnknown;
            if (A == NullArgNonNull) {
              New |= NonNullValue;
            } else if (A == NullArgNull) {
              New |= NullValue;
            } else if (A >= 0) {
              auto P = Passed.find({*E.Caller, unsigned(A)});
              New |= P == Passed.end() ? AnyValue : P->second;
            } else {
              New = AnyValue;
            }
          }
        }
        if (New != Value) {
          Value = New;
          Changed = true;
        }
      }
    }
    auto Dead = [&](const std::string &Fn, llvm::ArrayRef<int> Guards) {
      for (int G : Guards) {
        auto It = Passed.find({Fn, guardParam(G)});
        if (It != Passed.end() && It->second == (G > 0 ? NullValue : NonNullValue))
          return true;
      }
      return false;
    };
    bool NewDead = false;
    for (const auto &[Usr, Rc] : Reached[R])
      if (const FunctionFacts *F = function(Usr)) {
        for (const CallFact &C : F->Calls)
          if (Dead(Usr, C.NullGuards) && DeadCalls[R].insert(&C).second)
            NewDead = true;
        for (const AccessFact &A : F->Accesses)
          if (Dead(Usr, A.NullGuards))
            DeadAccesses[R].insert(&A);
      }
    if (!NewDead)
      return;
    Reached[R].clear();
    reach(R);
  }
}

} // namespace parcheck
