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
std::string loopSlotAll() { return makeId(IdKind::Expr, "<event loop callbacks>"); }

std::string loopSlotUnknownBase() {
  return makeId(IdKind::Expr, "<event loop callbacks of an unknown base>");
}

std::string loopSlotOfBase(llvm::StringRef Base) {
  return makeId(IdKind::Expr, (llvm::Twine(BasePrefix) + Base).str());
}

std::string callbacksOfEvent(llvm::StringRef Event) {
  return makeId(IdKind::Expr, (llvm::Twine(EventPrefix) + Event).str());
}

bool isBoundCallbackSlot(llvm::StringRef Slot) {
  ParsedId P = parseId(Slot);
  return P.Kind == IdKind::Expr &&
         (P.Key.starts_with(BasePrefix) || P.Key.starts_with(EventPrefix));
}

std::optional<std::string> baseOfLoopSlot(llvm::StringRef Slot) {
  ParsedId P = parseId(Slot);
  if (P.Kind != IdKind::Expr || !P.Key.starts_with(BasePrefix))
    return std::nullopt;
  return P.Key.drop_front(BasePrefix.size()).str();
}

std::string registeredArgSlot(llvm::StringRef Object) {
  return makeId(IdKind::Expr, (llvm::Twine(ArgPrefix) + Object).str());
}

llvm::StringRef unknownRegisteredObject() { return "<unknown object>"; }

std::optional<std::string> registeredObjectOf(llvm::StringRef Slot) {
  ParsedId P = parseId(Slot);
  if (P.Kind != IdKind::Expr || !P.Key.starts_with(ArgPrefix))
    return std::nullopt;
  return P.Key.drop_front(ArgPrefix.size()).str();
}

} // namespace parcheck
