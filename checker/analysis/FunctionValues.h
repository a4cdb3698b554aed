//===- FunctionValues.h - calls and threads through function values -*- C++ -*-===//
//
// Function values
//
// A thread entry or a callee is often not named where the thread starts or the
// call is made: 'create_worker(fn, arg)' passes it down to pthread_create,
// a job queue stores it in a member ('job.function(job.opaque)'), a table or a
// global pointer holds it, an event loop calls what was registered. The facts
// name where function values are stored (FnStore), passed (CallFact::FnArgs)
// and called or started (CallFact::Through, SpawnFact::EntrySlot), by slot:
// a parameter, a member of a record (field-based: one slot for every object
// of the record), a global, a local.
//
// resolveFunctionValues() is a points-to analysis over these slots for
// function values only (inclusion-based, flow- and context-insensitive, as
// Andersen's): a slot holds what is stored into it, what is passed to it as an
// argument (at direct calls and at calls resolved through other slots), and
// what flows from another slot. It runs on the merged program, so values
// cross translation units. Then it rewrites the program's facts:
//   * a call through a slot becomes a call of each function the slot holds;
//     through a member, of each one stored into that member of an object
//     that may be the one the call reads it from (FnStore::Owner against
//     CallFact::ThroughOwner: 'thr->block.code(..)' does not call what only
//     'strm->internal->next' was given; not for a record copied as a whole
//     somewhere, TUFacts::CopiedRecords; see ownerMayCall);
//   * a lock held at an indirect call exactly where a member of the
//     callee's descriptor has a value (CallFact::HeldIf) is held at the
//     call of each function whose every descriptor gives it that value
//     (DescriptorFact; holdByDescriptor);
//   * a spawn through a slot becomes one spawn per function (each a root);
//   * a function value given to a function outside the program (a library)
//     is called at that call, as the library may call it there.
// A function value passed to a function of the program is not a call there:
// only its calls through the parameter are.
//
// Known limits: values returned by functions, stored through 'void *' or in
// library containers (std::queue::emplace) are not followed; a slot with no
// value leaves its calls unresolved (no call) and its spawns without a root.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_ANALYSIS_FUNCTIONVALUES_H
#define PARCHECK_ANALYSIS_FUNCTIONVALUES_H

#include "facts/Program.h"

namespace parcheck {

/// Resolves indirect calls and spawns in P (see above). Deterministic.
void resolveFunctionValues(Program &P);

} // namespace parcheck

#endif
