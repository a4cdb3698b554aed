//===- EventSlots.cpp - the function-value slots of event loops -----------===//
#include "facts/EventSlots.h"
#include "facts/Ids.h"

#include "llvm/ADT/Twine.h"

namespace parcheck {

static constexpr llvm::StringLiteral BasePrefix = "<event loop callbacks>@";
static constexpr llvm::StringLiteral EventPrefix = "<event callbacks>@";
static constexpr llvm::StringLiteral ArgPrefix = "<callbacks registered with>@";

// "<event loop callbacks>" is the name every registered callback had before
// bases were told apart: kept, so facts of the old form still mean "every
// callback".
// The key of a base's or an event's slot is a marker and the base's or the
// event's id in string form.
Id loopSlotAll() { return Id(IdKind::Expr, "<event loop callbacks>"); }

Id loopSlotUnknownBase() { return Id(IdKind::Expr, "<event loop callbacks of an unknown base>"); }

Id loopSlotOfBase(const Id &Base) {
  return Id(IdKind::Expr, (llvm::Twine(BasePrefix) + Base.str()).str());
}

Id callbacksOfEvent(const Id &Event) {
  return Id(IdKind::Expr, (llvm::Twine(EventPrefix) + Event.str()).str());
}

bool isBoundCallbackSlot(const Id &Slot) {
  llvm::StringRef Key = Slot.key();
  return Slot.kind() == IdKind::Expr &&
         (Key.starts_with(BasePrefix) || Key.starts_with(EventPrefix));
}

std::optional<Id> baseOfLoopSlot(const Id &Slot) {
  llvm::StringRef Key = Slot.key();
  if (Slot.kind() != IdKind::Expr || !Key.starts_with(BasePrefix))
    return std::nullopt;
  return Id::parse(Key.drop_front(BasePrefix.size()));
}

Id registeredArgSlot(const Id &Object) {
  return Id(IdKind::Expr, (llvm::Twine(ArgPrefix) + Object.str()).str());
}

Id unknownRegisteredObject() { return Id(IdKind::Expr, "<unknown object>"); }

std::optional<Id> registeredObjectOf(const Id &Slot) {
  llvm::StringRef Key = Slot.key();
  if (Slot.kind() != IdKind::Expr || !Key.starts_with(ArgPrefix))
    return std::nullopt;
  return Id::parse(Key.drop_front(ArgPrefix.size()));
}

} // namespace parcheck
