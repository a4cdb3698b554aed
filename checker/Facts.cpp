//===- Facts.cpp - merging per-TU facts -----------------------------------===//
#include "Program.h"

#include <algorithm>

namespace parcheck {

void Program::add(const TUFacts &TU) {
  // Keep the first definition of each function in TU order (headers recur);
  // the caller adds TUs in sorted order, so the result does not depend on -j.
  for (const FunctionFacts &F : TU.Functions)
    Functions.emplace(F.Usr, F);
  for (const ClassFacts &C : TU.Classes) {
    auto &Fields = ClassFields[C.Name];
    Fields.insert(C.Fields.begin(), C.Fields.end());
    ClassMembers[C.Name].insert(C.Members.begin(), C.Members.end());
  }
  SharedClasses.insert(TU.SharedClasses.begin(), TU.SharedClasses.end());
  Aliases.insert(TU.Aliases.begin(), TU.Aliases.end());
  DeclaredOrders.insert(TU.DeclaredOrders.begin(), TU.DeclaredOrders.end());
}

} // namespace parcheck
