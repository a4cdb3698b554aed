//===- ThreadSlots.cpp - a spawn loop's slots, set up before their thread -===//
//
// Happens-before through a per-thread slot
//
// A spawn loop hands each thread an element of an array and sets that
// element up first:
//
//   for (i = 0; i < n; i++) {
//     e->io_threads[i].e = e;
//     pthread_create(&t, 0, io_thread, &e->io_threads[i]);
//   }
//   void *io_thread(void *arg) { store_io_thread *me = arg; ... me->e ... }
//
// The write (AccessFact::SlotSpawn, extract/SpawnSlots.cpp) happens before
// the thread of its own iteration starts, and the threads of earlier
// iterations were handed other elements. So an access of the thread that
// reaches its object through the thread's argument (the entry's parameter
// the slot is bound to, directly or through callees' parameters that every
// call on the thread's paths binds to it: ThreadArgParams) is ordered after
// the set-up, whatever the element's class is shared with. The rest of the
// rule is createdBefore's (checks/RaceCheck.cpp): every creation of the
// thread is in the set-up's function, and none of them made a thread still
// running at the set-up except the loop's own.
//
// Known limits: an index moved by pointer arithmetic on the thread's argument
// ('me + 1', 'me[1]') would reach a neighbour's slot; it is taken to reach
// its own. A creating function that runs twice on the same array (two spawn
// loops over one 'io_threads') is taken to run once, as for createdBefore.
//
// Slots indexed by a thread's own number (ownSlot)
//
// A scheduler numbers its threads and each touches only the slot its number
// names: a worker is handed its number ('std::thread(worker, Args{t, this})',
// 'uint32_t num = args.num;'), the main thread and threads that register
// later keep theirs in a thread_local ('uint32_t me = tl_num;'), and both
// call 'step(num)' which does 'slots[num].seed++'. An index is the thread's
// number (AccessFact::SlotIndex, extract/SpawnSlots.cpp) when it reads a
// thread_local, a lambda entry's by-copy capture, or a parameter that every
// call on the root's paths binds to such a value (ThreadNumParams; the
// entry's own parameters are the thread's argument when every creation hands
// each instance its own: a value, a temporary or '&args[i]'). Two roots' accesses that both
// index by their own number are to two slots. Assumption: different threads
// hold different numbers (a thread_local is set to the thread's own number,
// a spawn loop hands each thread another); two threads given the same number
// have their races on that slot missed. Not an own slot: a loop counter (it
// is reassigned), a member of the object the method runs on, a global.
//
//===----------------------------------------------------------------------===//
#include "analysis/Analysis.h"
#include "facts/Ids.h"

namespace parcheck {

/// Every direct call made on a root's paths (M: the functions it reaches), by
/// callee, except calls of the root's entry: (caller USR, call); with the
/// callee's facts and its parameters' ids, made once (the fixpoints below
/// ask for them in every round).
struct CalleeCalls {
  const FunctionFacts *F = nullptr;
  llvm::ArrayRef<Id> Params; ///< paramId(callee, i) for each of F's parameters.
  std::vector<std::pair<const std::string *, const CallFact *>> Calls;
};
struct CallsByCallee : llvm::DenseMap<llvm::StringRef, CalleeCalls> {};

namespace {
CallsByCallee callsWithin(const ProgramAnalysis &PA, const ReachMap &M,
                          const std::string &Entry) {
  CallsByCallee In;
  for (const auto &[Usr, Rc] : M)
    if (const FunctionFacts *F = PA.function(Usr))
      for (const CallFact &C : F->Calls)
        if (M.count(C.Callee) && C.Callee != Entry)
          In[C.Callee].Calls.push_back({&Usr, &C});
  for (auto &[Callee, CC] : In)
    if (unsigned N = PA.fnNumber(Callee); N != ProgramAnalysis::NoFn) {
      CC.F = &PA.fnAt(N);
      CC.Params = PA.paramIdsOf(N);
    }
  return In;
}

/// A least fixpoint over the callees' parameters: Join(P, I, Calls) adds
/// parameter P (index I of the callee, called by Calls) to the caller's set
/// when it now qualifies, and says whether it did; a parameter already in the
/// set is the caller's to skip.
template <class JoinFn>
void leastFixpoint(const CallsByCallee &In, JoinFn Join) {
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Callee, CC] : In)
      for (unsigned I = 0; I < CC.Params.size(); ++I)
        Changed = Join(CC.Params[I], I, CC.Calls) || Changed;
  }
}
} // namespace

void ProgramAnalysis::computeThreadParams(size_t R) {
  // A callee's parameter joins either set only through calls that pass a
  // parameter on (ObjRef::Param) or a thread's number (NumArgs). Without one
  // on R's paths both sets keep their seeds, and the calls by callee (a hash
  // of every call of every function R reaches) are not gathered.
  bool AnyBinding = false;
  for (const auto &[Usr, Rc] : Reached[R]) {
    const FunctionFacts *F = function(Usr);
    for (size_t I = 0; F && I < F->Calls.size() && !AnyBinding; ++I) {
      const CallFact &C = F->Calls[I];
      AnyBinding = !C.NumArgs.empty() ||
                   llvm::any_of(C.Args, [](const ObjRef &O) { return O.K == ObjRef::Param; });
    }
    if (AnyBinding)
      break;
  }
  CallsByCallee In =
      AnyBinding ? callsWithin(*this, Reached[R], Roots[R].Entry) : CallsByCallee();
  computeThreadArgParams(R, In);
  computeThreadNumParams(R, In);
}

void ProgramAnalysis::computeThreadArgParams(size_t R, const CallsByCallee &In) {
  if (Roots[R].IsMain)
    return;
  std::map<Id, unsigned> &Out = ThreadArgParams[R];
  if (const FunctionFacts *E = function(Roots[R].Entry))
    for (unsigned K = 0; K < E->ParamNames.size(); ++K)
      Out[paramId(Roots[R].Entry, K)] = K;
  // A parameter joins once every call binds it to a parameter already
  // known to hold the same entry parameter.
  leastFixpoint(In,
                [&](const Id &P, unsigned I, const auto &Calls) {
                  if (Out.count(P))
                    return false;
                  std::optional<unsigned> K;
                  for (const auto &[Caller, C] : Calls) {
                    const ObjRef *O = I < C->Args.size() ? &C->Args[I] : nullptr;
                    auto It = O && O->K == ObjRef::Param ? Out.find(O->Id) : Out.end();
                    if (It == Out.end() || (K && *K != It->second) ||
                        !isParamOf(O->Id, *Caller))
                      return false;
                    K = It->second;
                  }
                  if (!K)
                    return false;
                  Out[P] = *K;
                  return true;
                });
}

bool ProgramAnalysis::slotSetUpBefore(const AccessFact &S, size_t TR, const std::string &TFn,
                                      const AccessFact &T) const {
  if (S.SlotArg < 0 || T.ViaParam < 0 || TR >= ThreadArgParams.size())
    return false;
  bool Site = false;
  for (const Root::Site &X : Roots[TR].Sites)
    Site = Site || X.Spawn->Where == S.SlotSpawn;
  if (!Site)
    return false;
  const std::map<Id, unsigned> &Args = ThreadArgParams[TR];
  auto It = Args.find(paramId(TFn, unsigned(T.ViaParam)));
  return It != Args.end() && It->second == unsigned(S.SlotArg);
}

void ProgramAnalysis::computeThreadNumParams(size_t R, const CallsByCallee &In) {
  std::set<Id> &Out = ThreadNumParams[R];
  const Root &Rt = Roots[R];
  // The thread's argument is its own when every creation hands each
  // instance its own: a value or a temporary ('Args{t, this}', a number),
  // or a per-instance object ('&args[i]'). A named object, or a helper's
  // parameter handed on, may be the same for every instance.
  if (const FunctionFacts *E = Rt.IsMain ? nullptr : function(Rt.Entry))
    for (unsigned K = 0; K < E->ParamNames.size(); ++K) {
      bool Own = !Rt.Sites.empty();
      for (const Root::Site &S : Rt.Sites)
        if (K < S.Spawn->Args.size() && S.Spawn->Args[K].K != ObjRef::None &&
            !S.Spawn->Args[K].PerInstance)
          Own = false;
      if (Own)
        Out.insert(paramId(Rt.Entry, K));
    }
  auto Number = [&](const std::string &Caller, int N) {
    return N == ThreadNumTLS || (N == ThreadNumCapture && Caller == Rt.Entry) ||
           (N >= 0 && Out.count(paramId(Caller, unsigned(N))));
  };
  // A parameter joins once every call on R's paths binds it to the
  // thread's number.
  leastFixpoint(In,
                [&](const Id &P, unsigned I, const auto &Calls) {
                  if (Out.count(P))
                    return false;
                  for (const auto &[Caller, C] : Calls)
                    if (I >= C->NumArgs.size() || !Number(*Caller, C->NumArgs[I]))
                      return false;
                  Out.insert(P);
                  return true;
                });
}

bool ProgramAnalysis::ownSlot(size_t R, const std::string &Fn, const AccessFact &A) const {
  return A.Indexed && ownNumber(R, Fn, A.SlotIndex);
}

bool ProgramAnalysis::ownNumber(size_t R, const std::string &Fn, int Value) const {
  if (R >= ThreadNumParams.size())
    return false;
  if (Value == ThreadNumTLS)
    return true;
  if (Value == ThreadNumCapture)
    return Fn == Roots[R].Entry;
  return Value >= 0 && ThreadNumParams[R].count(paramId(Fn, unsigned(Value)));
}

} // namespace parcheck
