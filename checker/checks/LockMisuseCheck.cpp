//===- LockMisuseCheck.cpp - lock API misuse ------------------------------===//
//
// Four rules over each function's lock operations (LockOpFact) and exits
// (ExitFact), with the callers' held locks for context:
//
//   parcheck-double-lock     a non-recursive lock acquired (blocking) while the
//                            same thread already holds it on every path: in one
//                            function, or by a callee while the caller holds it;
//   parcheck-unlock-not-held a release of a lock held on no path to it, and held
//                            by no caller at any call site;
//   parcheck-lock-leak       a return on which a lock the function took is still
//                            held, unless the function acquires by design (named
//                            like lock/acquire/enter/try..., or the program
//                            releases that lock elsewhere, as a lock/unlock pair
//                            of functions does);
//   parcheck-cond-wait       a condition wait whose mutex is held on no path (and
//                            by no caller), or a wait without a predicate that is
//                            not directly inside a loop rechecking it.
//
// Wrinkles:
//   * the facts' lock sets are must-sets, so "not held" uses the may-set bit
//     (LockOpFact::MayHeld) and the callers, never the absence from a must-set;
//   * std::recursive_mutex and PTHREAD_MUTEX_RECURSIVE mutexes are never
//     double-locked;
//   * a lock class ('Account::mu') names many objects: it is a double lock only
//     when both acquisitions are written the same ('a->mu' twice), and a
//     release of a lock class is judged only when every acquisition of it in
//     the function is of the same object (two objects of one class are one id);
//   * a function that returns holding a lock (a lock wrapper) hides that lock
//     from its callers' lock sets: releases and waits on it are not judged;
//   * a function entered holding a lock (FunctionFacts::EntryHeld: Clang's
//     requires_capability, or a lock it releases before taking it) retakes
//     its caller's lock (LockOpFact::Retake): no double lock through the call,
//     and returning with it held is no leak;
//   * a wait in a wrapper that returns as soon as the wait does is judged at
//     its calls: every one must sit in a loop that rechecks (CallFact::Rechecked).
//
// Known limits: branches correlated on the same condition ('if (c) lock; ...
// if (c) unlock;') are not understood, so such paths stay quiet rather than
// being reported; double locks through calls on lock classes are found only
// for 'this' members and for an object passed to a direct callee.
//
//===----------------------------------------------------------------------===//
#include "checks/Registry.h"
#include "analysis/LockChecks.h"
#include "report/Message.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace parcheck {
namespace {

using namespace lockchecks;

/// How to show the lock of an operation: as written there, else by name.
std::string shown(const LockOpFact &O) { return O.Instance.empty() ? O.Lock.Name.str() : O.Instance.str(); }

bool thisBased(const std::string &Instance) {
  if (Instance.empty())
    return false;
  if (Instance.rfind("this->", 0) == 0)
    return Instance.find("->", 6) == std::string::npos && Instance.find('.') == std::string::npos;
  return Instance.find("->") == std::string::npos && Instance.find('.') == std::string::npos &&
         Instance.find('[') == std::string::npos;
}

std::string classOf(const std::string &QualName) {
  size_t P = QualName.rfind("::");
  return P == std::string::npos ? std::string() : QualName.substr(0, P);
}

class LockMisuseCheck {
public:
  LockMisuseCheck(const ProgramAnalysis &A, FindingSink &Sink) : A(A), Sink(Sink) {}

  void run() {
    for (const auto &[Usr, F] : A.P.Functions)
      for (const CallFact &C : F.Calls)
        Callers[C.Callee].push_back({&F, &C});
    // Recursive mutexes, as the whole program names them: a thread taking a
    // recursive mutex through its parameter ('f1(&mut)') takes a recursive one.
    for (const auto &[Usr, F] : A.P.Functions)
      for (const LockOpFact &O : F.LockOps)
        if (O.Recursive)
          RecursiveIds.insert(A.resolveLock(O.Lock).Id);
    for (const auto &[Usr, F] : A.P.Functions) {
      for (const ExitFact &E : F.Exits)
        for (const HeldLock &H : E.Held)
          ReturnsHolding.insert(A.resolveLock(H).Id);
      // Unlock wrappers: functions that release a lock they never take.
      std::set<Id> Takes;
      for (const LockOpFact &O : F.LockOps)
        if (O.Kind == LockOpFact::Acquire || O.Kind == LockOpFact::TryAcquire)
          Takes.insert(O.Lock.Id);
      for (const LockOpFact &O : F.LockOps)
        if (O.Kind == LockOpFact::Release && !O.MayHeld && !Takes.count(O.Lock.Id))
          ReleasedElsewhere.insert(A.resolveLock(O.Lock).Id);
    }
    for (const auto &[Usr, F] : A.P.Functions) {
      doubleLock(Usr, F);
      doubleLockThroughCalls(Usr, F);
      unlockNotHeld(Usr, F);
      lockLeak(Usr, F);
      condWait(Usr, F);
    }
  }

private:
  const ProgramAnalysis &A;
  FindingSink &Sink;
  std::set<Id> ReturnsHolding, ReleasedElsewhere;
  /// Callee USR -> (calling function, call).
  std::map<std::string, std::vector<std::pair<const FunctionFacts *, const CallFact *>>> Callers;
  std::set<Id> RecursiveIds; ///< Resolved ids of recursive mutexes.


  static const LockOpFact *acquisitionAt(const FunctionFacts &F, const HeldLock &H) {
    for (const LockOpFact &Q : F.LockOps)
      if ((Q.Kind == LockOpFact::Acquire || Q.Kind == LockOpFact::TryAcquire) &&
          Q.Lock.Id == H.Id && Q.Where == H.Where)
        return &Q;
    return nullptr;
  }

  /// Is lock L (as named inside Fn) held by some caller at some call site, or
  /// on entry from some root? Unknown parameter bindings count as held.
  bool heldByCaller(const std::string &Fn, const HeldLock &L) const {
    Id Resolved = A.resolveLock(L).Id;
    for (size_t R = 0; R < A.Roots.size(); ++R) {
      auto It = A.Reached[R].find(Fn);
      if (It != A.Reached[R].end())
        for (const HeldLock &H : It->second.EntryLocks)
          if (H.Id == L.Id || A.resolveLock(H).Id == Resolved)
            return true;
    }
    bool Param = isParamLock(L.Id);
    bool Bound = false;
    auto CI = Callers.find(Fn);
    if (CI != Callers.end())
      for (const auto &[GP, CP] : CI->second) {
        const FunctionFacts &G = *GP;
        const CallFact &C = *CP;
        HeldLock B = bindParam(L, Fn, C.Args);
        if (Param && B.Id == L.Id)
          return true; // the call passes something we cannot name
        Bound = true;
        for (const HeldLock &H : C.Held)
          if (H.Id == B.Id || A.resolveLock(H).Id == A.resolveLock(B).Id)
            return true;
        // A call to an unlock wrapper is a release in the caller (a lock effect,
        // see extract/Walk.cpp): held there if that release was.
        for (const LockOpFact &Q : G.LockOps)
          if (Q.Where == C.Where && Q.Lock.Id == B.Id && Q.MayHeld)
            return true;
      }
    return Param && !Bound;
  }

  FindingLoc loc(const SrcLoc &W, const std::string &Role, const std::string &Fn,
                 const std::string &Note) const {
    FindingLoc L;
    L.Where = W;
    L.Role = Role;
    L.Function = fnName(A, Fn);
    L.Thread = threadOf(A, Fn);
    L.Note = Note;
    return L;
  }

  // ---- parcheck-double-lock --------------------------------------------------

  /// A local lock pointer whose every target is a recursive mutex
  /// ('pthread_mutex_t *m = &s->mu;' with 'mu' initialised recursive).
  bool recursiveTargets(const FunctionFacts &F, const Id &Lock) const {
    bool Any = false;
    for (const auto &[L, T] : F.LockTargets) {
      if (L != Lock)
        continue;
      if (!RecursiveIds.count(A.resolveLock(T).Id))
        return false;
      Any = true;
    }
    return Any;
  }

  void doubleLock(const std::string &Usr, const FunctionFacts &F) {
    for (const LockOpFact &O : F.LockOps) {
      if (O.Kind != LockOpFact::Acquire || O.Recursive ||
          RecursiveIds.count(A.resolveLock(O.Lock).Id) || recursiveTargets(F, O.Lock.Id))
        continue;
      // Held on every path, then on some paths only ('if (k) lock(m); lock(m);').
      LockSet Before = O.HeldBefore;
      Before.insert(Before.end(), O.MayHeldBefore.begin(), O.MayHeldBefore.end());
      for (size_t HI = 0; HI < Before.size(); ++HI) {
        const HeldLock &H = Before[HI];
        bool Maybe = HI >= O.HeldBefore.size();
        if (H.Id != O.Lock.Id || (H.Shared && O.Lock.Shared))
          continue;
        if (O.Multi && H.Where == O.Where)
          continue;
        if (Maybe && H.Where == O.Where)
          continue; // this very lock on an earlier loop iteration: up to the loop's condition
        const LockOpFact *First = acquisitionAt(F, H);
        if (isClassLock(O.Lock.Id) &&
            (!First || O.Instance.empty() || First->Instance != O.Instance))
          continue; // two objects of one class (or unknown): the lock-order check's business
        Finding R;
        R.Kind = "double-lock";
        R.Message = msg::DoubleLock(shown(O), Maybe, O.Lock.Name != shown(O), O.Lock.Name);
        R.Locations.push_back(loc(O.Where, "acquire", Usr, ""));
        R.Locations.back().HeldKnown = true;
        R.Locations.back().Held = {shown(O)};
        if (H.Where.valid())
          R.Locations.push_back(loc(H.Where, "held", Usr, msg::AcquiredHere(shown(O), Maybe)));
        R.Locks = {O.Lock.Name};
        R.Identity = {O.Lock.Id.str(), Usr};
        Sink.report(std::move(R));
      }
    }
  }

  void doubleLockThroughCalls(const std::string &Usr, const FunctionFacts &F) {
    for (const CallFact &C : F.Calls) {
      auto It = A.Acquired.find(C.Callee);
      if (It == A.Acquired.end() || C.Callee == Usr)
        continue;
      for (const HeldLock &H : C.Held) {
        if (H.Where == C.Where)
          continue; // taken by this very call (a lock wrapper's effect)
        for (const auto &[Id, S] : It->second) {
          HeldLock L = bindParam(S.Lock, C.Callee, C.Args);
          if (L.Id != H.Id || S.Op->Recursive || (H.Shared && L.Shared))
            continue;
          if (S.Op->Retake)
            continue; // the callee dropped the caller's lock and takes it back

          const LockOpFact *First = acquisitionAt(F, H);
          if (First && First->Recursive)
            continue;
          if (isClassLock(L.Id)) {
            // The same object: 'this->mu' held by a method calling another method
            // of its class, or 'a->mu' held and 'a' passed to a callee locking
            // its parameter's mu.
            bool ThisToThis = First && thisBased(First->Instance) &&
                              thisBased(S.Op->Instance) && !classOf(F.Name).empty() &&
                              classOf(F.Name) == classOf(fnName(A, C.Callee));
            std::string Held = First ? baseOf(First->Instance) : std::string();
            std::string Passed = objectAtCall(A.P, C, S);
            if (!ThisToThis && (Held.empty() || Held != Passed))
              continue;
          }
          std::string Callee = fnName(A, C.Callee);
          std::string Shown = First && !First->Instance.empty() ? First->Instance.str() : H.Name.str();
          Finding R;
          R.Kind = "double-lock";
          R.Message = msg::DoubleLockByCall(Shown, Callee, Shown != H.Name, H.Name);
          R.Locations.push_back(loc(C.Where, "acquire", Usr, ""));
          R.Locations.back().HeldKnown = true;
          R.Locations.back().Held = {Shown};
          if (H.Where.valid())
            R.Locations.push_back(loc(H.Where, "held", Usr, msg::AcquiredHere(Shown, false)));
          FindingLoc In =
              loc(S.Op->Where, "acquire", S.Fn, msg::CalleeAcquires(fnName(A, S.Fn), L.Name));
          In.Stack = S.chain();
          In.Stack.insert(In.Stack.begin(), F.Name + " at " + C.Where.str());
          R.Locations.push_back(In);
          R.Locks = {H.Name};
          R.Identity = {H.Id.str(), Usr, C.Callee};
          Sink.report(std::move(R));
        }
      }
    }
  }

  // ---- parcheck-unlock-not-held ---------------------------------------------

  void unlockNotHeld(const std::string &Usr, const FunctionFacts &F) {
    for (const LockOpFact &O : F.LockOps) {
      if (O.Kind != LockOpFact::Release || O.MayHeld || O.Recursive)
        continue;
      if (isClassLock(O.Lock.Id)) {
        // One id names every object of the class: judge the release only when
        // every acquisition of the class here is of this same object.
        bool OneObject = !O.Instance.empty();
        for (const LockOpFact &Q : F.LockOps)
          if ((Q.Kind == LockOpFact::Acquire || Q.Kind == LockOpFact::TryAcquire) &&
              Q.Lock.Id == O.Lock.Id)
            OneObject = OneObject && Q.Instance == O.Instance;
        if (!OneObject)
          continue;
      }
      if (ReturnsHolding.count(A.resolveLock(O.Lock).Id) || heldByCaller(Usr, O.Lock))
        continue;
      bool Relocked = false; // after a double lock, the second unlock is no news
      for (const LockOpFact &Q : F.LockOps)
        if (Q.Kind == LockOpFact::Acquire && Q.Lock.Id == O.Lock.Id)
          for (const HeldLock &H : Q.HeldBefore)
            Relocked = Relocked || H.Id == O.Lock.Id;
      if (Relocked)
        continue;
      Finding R;
      R.Kind = "unlock-not-held";
      R.Message = msg::UnlockNotHeld(shown(O));
      R.Locations.push_back(loc(O.Where, "unlock", Usr, ""));
      // Where it was last released before, if anywhere in this function.
      for (const LockOpFact &Q : F.LockOps)
        if (Q.Kind == LockOpFact::Release && Q.Lock.Id == O.Lock.Id && Q.Where < O.Where &&
            Q.MayHeld) {
          R.Locations.push_back(loc(Q.Where, "release", Usr, msg::ReleasedHere(shown(O))));
          break;
        }
      R.Locks = {O.Lock.Name};
      R.Identity = {O.Lock.Id.str(), Usr};
      Sink.report(std::move(R));
    }
  }

  // ---- parcheck-lock-leak -----------------------------------------------------

  /// Named as a lock function: a word of its name (split at '_' and at
  /// lower-to-upper case changes) starts with lock, acquire, enter, begin,
  /// take, grab, claim or try ('table_lock', 'tryEnter', 'AcquireSlot'; not
  /// 'add_entry', not 'unlock').
  static bool acquiresByName(const std::string &Qual) {
    std::string N = Qual.substr(Qual.rfind("::") == std::string::npos ? 0 : Qual.rfind("::") + 2);
    std::vector<std::string> Words(1);
    for (size_t I = 0; I < N.size(); ++I) {
      char C = N[I];
      if (C == '_' || !std::isalnum((unsigned char)C)) {
        Words.emplace_back();
        continue;
      }
      if (std::isupper((unsigned char)C) && I > 0 && std::islower((unsigned char)N[I - 1]))
        Words.emplace_back();
      Words.back() += char(std::tolower((unsigned char)C));
    }
    for (const std::string &W : Words) {
      for (const char *K : {"lock", "acquire", "enter", "begin", "take", "grab", "claim", "try"})
        if (W.rfind(K, 0) == 0)
          return true;
      // rdlock, wrlock, spinlock, trylock (not unlock)
      if (W.size() > 4 && W.compare(W.size() - 4, 4, "lock") == 0 &&
          !(W.size() >= 6 && W.compare(W.size() - 6, 6, "unlock") == 0))
        return true;
    }
    return false;
  }

  /// L is the function's own parameter: it locks what its caller hands it (a
  /// lock or wait wrapper such as uv_mutex_lock(uv_mutex_t *m)).
  static bool isOwnParameter(const FunctionFacts &F, const HeldLock &L) {
    return isParamOf(L.Id, F.Usr);
  }

  /// Does this function take L on purpose and leave it to its callers?
  bool acquiresByDesign(const FunctionFacts &F, const HeldLock &L) const {
    Id Resolved = A.resolveLock(L).Id;
    if (F.AnnotatedAcquire || acquiresByName(F.Name) || ReleasedElsewhere.count(Resolved) ||
        isOwnParameter(F, L))
      return true;
    // A caller releases it after the call (in source order: a heuristic).
    auto CI = Callers.find(F.Usr);
    if (CI != Callers.end())
      for (const auto &[GP, CP] : CI->second)
        for (const LockOpFact &Q : GP->LockOps)
          if (Q.Kind == LockOpFact::Release && CP->Where < Q.Where &&
              Q.Where.File == CP->Where.File && A.resolveLock(Q.Lock).Id == Resolved)
            return true;
    return false;
  }

  void lockLeak(const std::string &Usr, const FunctionFacts &F) {
    if (F.Exits.empty())
      return;
    std::map<Id, HeldLock> Leaked;
    for (const ExitFact &E : F.Exits)
      for (const HeldLock &H : E.Held)
        Leaked.emplace(H.Id, H);
    for (const auto &[Lock, H] : Leaked) {
      // Taken by a call to a lock wrapper (a lock effect, see extract/Walk.cpp): the
      // caller leaks it only if the wrapper takes it by design; otherwise the
      // wrapper itself is reported.
      const CallFact *By = nullptr;
      for (const CallFact &C : F.Calls)
        if (C.Where == H.Where)
          By = &C;
      bool Always = true; // held at every return
      for (const ExitFact &E : F.Exits)
        Always = Always && std::binary_search(E.Held.begin(), E.Held.end(), H);
      if (By) {
        const FunctionFacts *W = A.function(By->Callee);
        if (!W || !acquiresByDesign(*W, H))
          continue;
        // A wrapper of the wrapper ('item_get_locked' returns holding what
        // 'item_lock' took, for 'item_unlock'): by design as a whole.
        if (Always && acquiresByDesign(F, H))
          continue;
      } else if (acquiresByDesign(F, H)) {
        continue; // a lock function, or one half of a lock/unlock pair
      }
      const ExitFact *Holding = nullptr, *Free = nullptr;
      for (const ExitFact &E : F.Exits) {
        bool Has = std::binary_search(E.Held.begin(), E.Held.end(), H);
        if (Has && !Holding)
          Holding = &E;
        if (!Has && !Free)
          Free = &E;
      }
      Finding R;
      R.Kind = "lock-leak";
      if (Free) {
        R.Message = msg::LeakOnSomePaths(H.Name, F.Name);
        R.Locations.push_back(loc(Holding->Where, "release", Usr, ""));
        if (H.Where.valid())
          R.Locations.push_back(loc(H.Where, "held", Usr, msg::AcquiredHere(H.Name, false)));
        R.Locations.push_back(loc(Free->Where, "release", Usr, msg::LeakOtherPathsRelease()));
      } else {
        R.Message = msg::LeakOnEveryPath(H.Name, F.Name);
        R.Locations.push_back(loc(H.Where.valid() ? H.Where : Holding->Where, "acquire", Usr, ""));
        R.Locations.push_back(
            loc(Holding->Where, "release", Usr, msg::LeakReturnsHolding(F.Name, H.Name)));
      }
      FindingLoc Fix = loc(R.Locations[0].Where, "acquire", Usr, msg::LeakFix());
      R.Locations.push_back(Fix);
      R.Locks = {H.Name};
      R.Identity = {Lock.str(), Usr};
      Sink.report(std::move(R));
    }
  }

  // ---- parcheck-cond-wait -----------------------------------------------------

  /// F returns once its wait O returns (no access or call after it), and every
  /// call of F sits in a loop that rechecks after it (CallFact::Rechecked):
  /// 'void Wait() { cv_.wait(lk); }' called as 'while (!done) cv.Wait();'.
  bool waitWrapper(const FunctionFacts &F, const LockOpFact &O) const {
    for (const AccessFact &X : F.Accesses)
      if (O.Where < X.Where)
        return false;
    for (const CallFact &X : F.Calls)
      if (O.Where < X.Where)
        return false;
    auto CI = Callers.find(F.Usr);
    if (CI == Callers.end() || CI->second.empty())
      return false;
    for (const auto &[GP, CP] : CI->second)
      if (!CP->Rechecked)
        return false;
    return true;
  }

  void condWait(const std::string &Usr, const FunctionFacts &F) {
    for (const LockOpFact &O : F.LockOps) {
      if (O.Kind != LockOpFact::Wait)
        continue;
      if (!O.MayHeld && !ReturnsHolding.count(A.resolveLock(O.Lock).Id) &&
          !heldByCaller(Usr, O.Lock)) {
        Finding R;
        R.Kind = "cond-wait";
        R.Message = msg::WaitNotHeld(shown(O), !O.Cond.empty(), O.Cond);
        R.Locations.push_back(loc(O.Where, "wait", Usr, ""));
        R.Locations.push_back(loc(O.Where, "wait", Usr, msg::WaitNotHeldFix(shown(O))));
        R.Locks = {O.Lock.Name};
        R.Identity = {"not-held", O.Lock.Id.str(), Usr};
        Sink.report(std::move(R));
      }
      // A wait wrapper (the mutex is its parameter, or it returns as soon as
      // the wait does and every caller loops) leaves the predicate to its callers.
      if (!O.Pred && !O.InLoop && !isOwnParameter(F, O.Lock) && !waitWrapper(F, O)) {
        Finding R;
        R.Kind = "cond-wait";
        R.Message = msg::WaitNoLoop(shown(O), !O.Cond.empty(), O.Cond);
        R.Locations.push_back(loc(O.Where, "wait", Usr, ""));
        R.Locations.push_back(loc(O.Where, "wait", Usr, msg::WaitNoLoopFix()));
        R.Locks = {O.Lock.Name};
        R.Identity = {"no-loop", O.Lock.Id.str(), Usr};
        Sink.report(std::move(R));
      }
    }
  }
};

} // namespace

void runLockMisuseCheck(const ProgramAnalysis &A, FindingSink &Sink) {
  LockMisuseCheck(A, Sink).run();
}

} // namespace parcheck
