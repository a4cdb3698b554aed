//===- LockImports.cpp - lock wrappers across translation units -----------===//
#include "driver/LockImports.h"

#include <map>
#include <set>
#include <string>

namespace parcheck {

std::vector<size_t> planLockImports(std::vector<CompileJob> &Work,
                                    const std::vector<JobResult> &Results) {
  // One effect per function: the first TU in job order that defines it (a
  // header's inline function is the same body in each).
  std::map<std::string, const LockEffectFact *> Effects;
  for (const JobResult &R : Results)
    if (R.Ok)
      for (const LockEffectFact &E : R.Facts.LockEffects)
        Effects.emplace(E.Fn, &E);
  std::vector<size_t> Changed;
  if (Effects.empty())
    return Changed;
  for (size_t I = 0; I < Work.size() && I < Results.size(); ++I) {
    if (!Results[I].Ok)
      continue;
    const TUFacts &T = Results[I].Facts;
    std::set<std::string> Defined, Called;
    for (const FunctionFacts &F : T.Functions) {
      Defined.insert(F.Usr);
      for (const CallFact &C : F.Calls)
        Called.insert(C.Callee);
    }
    std::vector<LockEffectFact> Imports;
    for (const std::string &Usr : Called) {
      if (Defined.count(Usr))
        continue;
      auto It = Effects.find(Usr);
      if (It != Effects.end())
        Imports.push_back(*It->second);
    }
    if (!(Imports == Work[I].Imports)) {
      Work[I].Imports = std::move(Imports);
      Changed.push_back(I);
    }
  }
  return Changed;
}

} // namespace parcheck
