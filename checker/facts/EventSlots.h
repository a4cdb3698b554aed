//===- EventSlots.h - the function-value slots of event loops ---*- C++ -*-===//
//
// Event loops (libevent, libuv) run the callbacks registered with an event
// bound to a base (an event_base, a uv_loop_t) on the thread that runs the
// loop of that base. The facts model this with function-value slots
// (FnStore, CallFact::Through; see analysis/FunctionValues.h):
//
//   loopSlotOfBase(B)     the callbacks of base B; a loop on B calls it.
//   callbacksOfEvent(E)   the callbacks registered with event object E
//                         (event_set(&E, .., cb, ..)); binding E to base B
//                         (event_base_set(B, &E)) copies them to B's slot.
//   loopSlotUnknownBase() the callbacks whose base is not known: every loop
//                         calls it.
//   loopSlotAll()         every callback; a loop whose base is not known
//                         calls it.
//   registeredArgSlot(O)  the callbacks registered with object O among the
//                         registration's arguments (libevent's 'arg', a
//                         libuv handle): never called, read by the loop
//                         confinement of analysis/LoopConfinement.cpp. O is
//                         a variable's slot (a global's USR, a parameter, a
//                         local) or unknownRegisteredObject().
//
// A base or an event is named by the slot naming of extract/FnValues.cpp (a
// global by its USR, a member by its record, a parameter by its index, a
// local by its owner): a global 'main_base' and a field 'LIBEVENT_THREAD::base'
// are different bases. This file is the one place that knows these ids'
// syntax.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_EVENTSLOTS_H
#define PARCHECK_FACTS_EVENTSLOTS_H

#include "facts/Ids.h"

#include <optional>

namespace parcheck {

Id loopSlotAll();
Id loopSlotUnknownBase();
Id loopSlotOfBase(const Id &Base);
Id callbacksOfEvent(const Id &Event);
/// Slot is loopSlotOfBase(..) or callbacksOfEvent(..): callbacks bound to a
/// base or an event, that must reach a loop that runs them.
bool isBoundCallbackSlot(const Id &Slot);
/// B when Slot is loopSlotOfBase(B).
std::optional<Id> baseOfLoopSlot(const Id &Slot);

Id registeredArgSlot(const Id &Object);
/// An object of a registration that is not a named variable (a call's result).
Id unknownRegisteredObject();
/// O when Slot is registeredArgSlot(O).
std::optional<Id> registeredObjectOf(const Id &Slot);

} // namespace parcheck

#endif
