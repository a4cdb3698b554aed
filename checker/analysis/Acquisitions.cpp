//===- Acquisitions.cpp - the locks each function takes -------------------===//
#include "analysis/Acquisitions.h"

#include "facts/Ids.h"

#include <algorithm>

namespace parcheck {

HeldLock bindParam(const HeldLock &H, const std::string &Callee, llvm::ArrayRef<ObjRef> Args) {
  bool Array = false;
  std::optional<unsigned> I = paramOrArrayIndex(H.Id, Callee, Array);
  if (!I || *I >= Args.size() || (Args[*I].K != ObjRef::Var && Args[*I].K != ObjRef::Param))
    return H;
  HeldLock R = H;
  R.Id = Array ? makeId(IdKind::Array, Args[*I].Id) : Args[*I].Id;
  R.Name = Args[*I].Name + (Array ? "[]" : "");
  return R;
}

std::set<Id> bindAll(const std::set<Id> &Ids, const std::string &Callee,
                     llvm::ArrayRef<ObjRef> Args) {
  std::set<Id> R;
  for (const Id &I : Ids)
    R.insert(bindParam(HeldLock{I, "", false, {}}, Callee, Args).Id);
  return R;
}

std::set<Id> exclusiveIds(const LockSet &S) {
  std::set<Id> R;
  for (const HeldLock &H : S)
    if (!H.Shared)
      R.insert(H.Id);
  return R;
}

std::vector<std::string> AcqSite::chain() const {
  std::vector<std::string> Out;
  for (const AcqSite *S = this; S->Via; S = S->Next)
    Out.push_back(S->Caller->Name + " at " + S->Via->Where.str());
  return Out;
}

AcquisitionMap summariseAcquisitions(const Program &P) {
  AcquisitionMap Acq;
  for (const auto &[Usr, F] : P.Functions) {
    std::map<Id, AcqSite> *Mine = nullptr;
    IString Fn; // interned on the first acquisition
    for (const LockOpFact &O : F.LockOps) {
      if (O.Kind != LockOpFact::Acquire)
        continue;
      if (!Mine) {
        Mine = &Acq[Usr];
        Fn = IString(Usr);
      }
      // The first, or the first that is no retake of the caller's lock
      // (a caller holding it is double-locked by that one).
      auto It = Mine->find(O.Lock.Id);
      if (It == Mine->end() || (It->second.Op->Retake && !O.Retake))
        (*Mine)[O.Lock.Id] = AcqSite{&O, O.Lock, Fn, exclusiveIds(O.HeldBefore)};
    }
  }
  // Callers inherit their callees' acquisitions; a parameter lock becomes
  // what the call passes. Only insertions, so this terminates.
  // Seen[f][c]: the size of call c's callee's map when f last took from it.
  // Maps only grow, so an unchanged size means every site was already taken
  // or its lock already there: skipping the call changes nothing, and the
  // first site found per lock stays the one the full passes would find.
  // Callee[f][c]: call c's callee's map once it exists (map nodes are stable),
  // so a pass does not look the callee's USR up again.
  // MineOf[f]: f's own map once it exists (looked up by USR once, not once
  // per pass).
  std::vector<std::vector<size_t>> Seen;
  std::vector<std::vector<const std::map<Id, AcqSite> *>> Callee;
  std::vector<std::map<Id, AcqSite> *> MineOf(P.Functions.size(), nullptr);
  for (const auto &[Usr, F] : P.Functions) {
    Seen.emplace_back(F.Calls.size(), SIZE_MAX);
    Callee.emplace_back(F.Calls.size(), nullptr);
  }
  for (bool Changed = true; Changed;) {
    Changed = false;
    size_t FI = 0;
    for (const auto &[Usr, F] : P.Functions) {
      std::vector<size_t> &SeenF = Seen[FI];
      std::map<Id, AcqSite> *&Mine = MineOf[FI];
      std::vector<const std::map<Id, AcqSite> *> &CalleeF = Callee[FI++];
      for (size_t CI = 0; CI < F.Calls.size(); ++CI) {
        const CallFact &C = F.Calls[CI];
        if (!CalleeF[CI]) {
          auto It = C.Callee == Usr ? Acq.end() : Acq.find(C.Callee);
          if (It == Acq.end())
            continue;
          CalleeF[CI] = &It->second;
        }
        const std::map<Id, AcqSite> &Theirs = *CalleeF[CI];
        if (SeenF[CI] == Theirs.size())
          continue;
        SeenF[CI] = Theirs.size();
        if (!Mine)
          Mine = &Acq[Usr];
        std::vector<AcqSite> Add;
        for (const auto &[Lock, S] : Theirs) {
          HeldLock Bound = bindParam(S.Lock, C.Callee, C.Args);
          if (Mine->count(Bound.Id))
            continue;
          AcqSite N{S.Op, std::move(Bound), S.Fn, bindAll(S.Held, C.Callee, C.Args), &F, &C, &S};
          for (const Id &H : exclusiveIds(C.Held))
            N.Held.insert(H);
          Add.push_back(std::move(N));
        }
        for (AcqSite &N : Add)
          if (Mine->emplace(N.Lock.Id, std::move(N)).second)
            Changed = true;
      }
    }
  }
  return Acq;
}

std::string baseOf(const std::string &Instance) {
  size_t End = std::min(Instance.find("->"), Instance.find('.'));
  return End == std::string::npos ? std::string() : Instance.substr(0, End);
}

std::string objectAtCall(const Program &P, const CallFact &C, const AcqSite &S) {
  if (S.Fn != C.Callee)
    return {};
  std::string Base = baseOf(S.Op->Instance);
  auto W = P.Functions.find(S.Fn);
  if (Base.empty() || W == P.Functions.end())
    return {};
  const ThinVec<std::string> &Params = W->second.ParamNames;
  for (size_t I = 0; I < Params.size(); ++I)
    if (Params[I] == Base && I < C.Args.size() &&
        (C.Args[I].K == ObjRef::Param || C.Args[I].K == ObjRef::Var))
      return C.Args[I].Name;
  return {};
}

} // namespace parcheck
