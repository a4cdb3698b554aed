//===- Acquisitions.h - the locks each function takes -----------*- C++ -*-===//
//
// One summary, shared by the lock checks: for every function, each lock it
// acquires itself or through its callees, with where and through which calls.
// A callee's parameter lock is seen as what the call passes (bindParam), so
// 'lock_account(to)' in a caller takes 'to's lock. Computed once per program
// (ProgramAnalysis::Acquired).
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_ANALYSIS_ACQUISITIONS_H
#define PARCHECK_ANALYSIS_ACQUISITIONS_H

#include "facts/Program.h"
#include "facts/UsrMap.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace parcheck {

/// A lock a function acquires, itself or through calls.
/// A site points into the program's facts and at the callee's site it was
/// inherited from, instead of holding copies: on a deep call chain every
/// function inherits every lock below it, and a copy of the acquisition (its
/// lock sets, strings) and of the whole chain per lock per function was most
/// of the summary's time and memory. The Program must outlive the summary.
struct AcqSite {
  const LockOpFact *Op = nullptr; ///< The acquisition, in Fn's facts.
  HeldLock Lock;  ///< Op->Lock bound to the summarised function's view.
  IString Fn; ///< The function that takes it (interned: inherited sites copy a pointer).
  /// Locks held exclusively when it is taken: in Fn, and at each call on the
  /// way (bound to the summarised function's view).
  std::set<Id> Held;
  /// Inherited through call Via of the summarised function Caller from the
  /// callee's site Next (a node of the same map: stable); all null for the
  /// function's own acquisitions.
  const FunctionFacts *Caller = nullptr;
  const CallFact *Via = nullptr;
  const AcqSite *Next = nullptr;

  /// "f at file:l:c" for each call from the summarised function down.
  std::vector<std::string> chain() const;
};

/// Function USR -> lock id -> the first site found (direct ones first).
using AcquisitionMap = UsrMap<std::map<Id, AcqSite>>;

AcquisitionMap summariseAcquisitions(const Program &P);

/// A callee's parameter lock seen from a call site that passes Args: the
/// argument's lock, or H unchanged when the call does not say.
HeldLock bindParam(const HeldLock &H, const std::string &Callee, llvm::ArrayRef<ObjRef> Args);
/// bindParam over lock ids.
std::set<Id> bindAll(const std::set<Id> &Ids, const std::string &Callee,
                     llvm::ArrayRef<ObjRef> Args);
/// The ids of the locks in S held exclusively.
std::set<Id> exclusiveIds(const LockSet &S);

/// 'a' for 'a->mu' or 'a.mu'; "" when there is no object expression.
std::string baseOf(const std::string &Instance);
/// The object a direct callee's lock-class acquisition ('a->mu', 'a' its
/// parameter) is on, as call C passes it: 'lock_account(to)' gives 'to'.
/// "" when unknown.
std::string objectAtCall(const Program &P, const CallFact &C, const AcqSite &S);

} // namespace parcheck

#endif
