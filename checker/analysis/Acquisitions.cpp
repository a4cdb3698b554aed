//===- Acquisitions.cpp - the locks each function takes -------------------===//
#include "analysis/Acquisitions.h"

#include "facts/Ids.h"

#include "llvm/ADT/DenseMap.h"

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
  using Site = std::pair<const Id, AcqSite>;
  // Per function, by its place in P.Functions: its map once it exists, and
  // that map's sites in the order they were added (a map only grows; an own
  // site may be replaced in place by a better one). IndexOf: a map's function.
  const size_t NumFns = P.Functions.size();
  std::vector<std::map<Id, AcqSite> *> MapOf(NumFns, nullptr);
  std::vector<std::vector<const Site *>> Added(NumFns);
  llvm::DenseMap<const std::map<Id, AcqSite> *, unsigned> IndexOf;
  auto MapFor = [&](size_t FI, const std::string &Usr) {
    std::map<Id, AcqSite> *&M = MapOf[FI];
    if (!M) {
      M = &Acq[Usr];
      IndexOf[M] = unsigned(FI);
    }
    return M;
  };
  size_t FI = 0;
  for (const auto &[Usr, F] : P.Functions) {
    std::map<Id, AcqSite> *Mine = nullptr;
    IString Fn; // interned on the first acquisition
    for (const LockOpFact &O : F.LockOps) {
      if (O.Kind != LockOpFact::Acquire)
        continue;
      if (!Mine) {
        Mine = MapFor(FI, Usr);
        Fn = IString(Usr);
      }
      // The first, or the first that is no retake of the caller's lock
      // (a caller holding it is double-locked by that one).
      auto It = Mine->find(O.Lock.Id);
      if (It == Mine->end())
        Added[FI].push_back(
            &*Mine->emplace(O.Lock.Id, AcqSite{&O, O.Lock, Fn, exclusiveIds(O.HeldBefore)}).first);
      else if (It->second.Op->Retake && !O.Retake)
        It->second = AcqSite{&O, O.Lock, Fn, exclusiveIds(O.HeldBefore)};
    }
    ++FI;
  }
  // Callers inherit their callees' acquisitions; a parameter lock becomes
  // what the call passes. Only insertions, so this terminates.
  // Taken[f][c]: how many of call c's callee's sites (Added) f has taken
  // from. Each of those is in f's map after it is taken, or its lock was
  // there already, so a later pass takes from the sites added since only:
  // in lock order, the order a walk of the callee's whole map meets them, so
  // the first site found per lock stays the one the full passes would find.
  // CalleeOf[f][c]: call c's callee's index once its map exists (NoFn before).
  constexpr unsigned NoFn = ~0u;
  std::vector<std::vector<size_t>> Taken;
  std::vector<std::vector<unsigned>> CalleeOf;
  for (const auto &[Usr, F] : P.Functions) {
    Taken.emplace_back(F.Calls.size(), 0);
    CalleeOf.emplace_back(F.Calls.size(), NoFn);
  }
  std::vector<const Site *> New;
  for (bool Changed = true; Changed;) {
    Changed = false;
    FI = 0;
    for (const auto &[Usr, F] : P.Functions) {
      const size_t Me = FI++;
      for (size_t CI = 0; CI < F.Calls.size(); ++CI) {
        const CallFact &C = F.Calls[CI];
        unsigned &Callee = CalleeOf[Me][CI];
        if (Callee == NoFn) {
          auto It = C.Callee == Usr ? Acq.end() : Acq.find(C.Callee);
          if (It == Acq.end())
            continue;
          Callee = IndexOf.lookup(&It->second);
        }
        const std::vector<const Site *> &Theirs = Added[Callee];
        size_t &Done = Taken[Me][CI];
        if (Done == Theirs.size())
          continue;
        New.assign(Theirs.begin() + ptrdiff_t(Done), Theirs.end());
        Done = Theirs.size();
        std::sort(New.begin(), New.end(),
                  [](const Site *A, const Site *B) { return A->first < B->first; });
        std::map<Id, AcqSite> *Mine = MapFor(Me, Usr);
        std::vector<AcqSite> Add;
        for (const Site *E : New) {
          const AcqSite &S = E->second;
          HeldLock Bound = bindParam(S.Lock, C.Callee, C.Args);
          if (Mine->count(Bound.Id))
            continue;
          AcqSite N{S.Op, std::move(Bound), S.Fn, bindAll(S.Held, C.Callee, C.Args), &F, &C, &S};
          for (const Id &H : exclusiveIds(C.Held))
            N.Held.insert(H);
          Add.push_back(std::move(N));
        }
        for (AcqSite &N : Add)
          if (auto [It, Inserted] = Mine->emplace(N.Lock.Id, std::move(N)); Inserted) {
            Added[Me].push_back(&*It);
            Changed = true;
          }
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
