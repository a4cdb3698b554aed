//===- Program.cpp - merging per-TU facts; the split into programs --------===//
#include "facts/Program.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace parcheck {

void Program::add(TUFacts &&TU) {
  // As below, with each function moved in when it is the first definition.
  for (FunctionFacts &F : TU.Functions) {
    auto [It, New] = Functions.try_emplace(F.Usr);
    if (New)
      It->second = std::move(F);
  }
  // Freed, not only cleared: the moved-from facts' buffer (a tenth of the
  // TU's facts) would otherwise be kept through the whole analysis.
  std::vector<FunctionFacts>().swap(TU.Functions);
  add(static_cast<const TUFacts &>(TU));
}

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
  FnStores.insert(TU.FnStores.begin(), TU.FnStores.end());
  Descriptors.insert(TU.Descriptors.begin(), TU.Descriptors.end());
  CopiedRecords.insert(TU.CopiedRecords.begin(), TU.CopiedRecords.end());
  ObjectSites.insert(TU.ObjectSites.begin(), TU.ObjectSites.end());
  ManyObjects.insert(TU.ManyObjects.begin(), TU.ManyObjects.end());
  OneObjectNodes.insert(TU.OneObjectNodes.begin(), TU.OneObjectNodes.end());
  GlobalCells.insert(TU.GlobalCells.begin(), TU.GlobalCells.end());
  OriginFlows.insert(TU.OriginFlows.begin(), TU.OriginFlows.end());
}

void dropCoveredAccesses(Program &P) {
  // A function that hands a pointer parameter on to a function the program
  // does not define (directly, or through functions that do so in turn) may
  // write through it: an access standing in for a call of it stays, at the
  // caller, where the object is named. The hand-on accesses themselves (on a
  // parameter location, extract/Walk.cpp recordDirectCall) are only these
  // markers: the callers' accesses report it.
  auto HandsOn = [](const AccessFact &A) {
    return !A.ByCallee.empty() && idKind(A.Loc) == IdKind::Param;
  };
  std::set<std::string> Opaque;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[Usr, F] : P.Functions)
      if (!Opaque.count(Usr))
        for (const AccessFact &A : F.Accesses)
          if (HandsOn(A) && (!P.Functions.count(A.ByCallee) || Opaque.count(A.ByCallee))) {
            Opaque.insert(Usr);
            Changed = true;
            break;
          }
  }
  for (auto &[Usr, F] : P.Functions) {
    // The naming cuts index the accesses: they follow the ones kept.
    std::vector<unsigned> NewIndex(F.Accesses.size(), ~0u);
    unsigned Kept = 0;
    for (size_t I = 0; I < F.Accesses.size(); ++I) {
      const AccessFact &A = F.Accesses[I];
      bool Drop = HandsOn(A) || (!A.ByCallee.empty() && P.Functions.count(A.ByCallee) &&
                                 !Opaque.count(A.ByCallee));
      if (!Drop)
        NewIndex[I] = Kept++;
    }
    if (Kept == F.Accesses.size())
      continue;
    const AccessFact *Base = F.Accesses.data(); // each is tested where it was
    llvm::erase_if(F.Accesses, [&](const AccessFact &A) { return NewIndex[&A - Base] == ~0u; });
    for (FunctionFacts::NamingCut &C : F.NamingCuts) {
      std::vector<unsigned> Mapped;
      for (unsigned X : C.Accesses)
        if (X < NewIndex.size() && NewIndex[X] != ~0u)
          Mapped.push_back(NewIndex[X]);
      C.Accesses = std::move(Mapped);
    }
  }
}

bool Program::hasMain() const {
  for (const auto &[Usr, F] : Functions)
    if (F.IsMain)
      return true;
  return false;
}

std::optional<std::pair<llvm::StringRef, unsigned>> paramOriginNode(llvm::StringRef Node) {
  if (!Node.consume_front("p:"))
    return std::nullopt;
  auto [Fn, Index] = Node.rsplit('#');
  unsigned I = 0;
  if (Index.getAsInteger(10, I))
    return std::nullopt;
  return std::make_pair(Fn, I);
}

std::vector<std::vector<size_t>> splitPrograms(const std::vector<TUFacts> &TUs) {
  std::vector<size_t> Mains, Libs;
  for (size_t I = 0; I < TUs.size(); ++I) {
    bool HasMain = false;
    for (const FunctionFacts &F : TUs[I].Functions)
      HasMain = HasMain || F.IsMain;
    (HasMain ? Mains : Libs).push_back(I);
  }
  std::vector<std::vector<size_t>> Programs;
  if (Mains.size() <= 1) {
    Programs.emplace_back();
    for (size_t I = 0; I < TUs.size(); ++I)
      Programs.back().push_back(I);
    return Programs;
  }
  for (size_t M : Mains) {
    std::vector<size_t> P = Libs;
    P.insert(std::lower_bound(P.begin(), P.end(), M), M);
    Programs.push_back(std::move(P));
  }
  return Programs;
}

} // namespace parcheck
