//===- FactsIO.cpp - facts to and from JSON -------------------------------===//
#include "facts/FactsIO.h"
#include "facts/FastJSON.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace parcheck {
namespace {

template <typename Int> json::Array intsToJ(const std::vector<Int> &V) {
  json::Array A;
  for (Int N : V)
    A.push_back(int64_t(N));
  return A;
}

/// O's integer array Key (optional: older facts have none); an element that
/// is not an integer reads as Default.
std::vector<int> intsOf(const json::Object *O, llvm::StringRef Key, int Default = 0) {
  std::vector<int> Out;
  if (O)
    if (const json::Array *A = O->getArray(Key))
      for (const json::Value &I : *A)
        Out.push_back(int(I.getAsInteger().value_or(Default)));
  return Out;
}

/// FunctionFacts::NamingCuts; a cut from the entry has "naming": -1.
json::Array namingCutsToJ(const std::vector<FunctionFacts::NamingCut> &V) {
  json::Array Out;
  for (const FunctionFacts::NamingCut &C : V)
    Out.push_back(json::Object{
        {"naming", C.Naming == FunctionFacts::NamingCut::Entry ? int64_t(-1) : int64_t(C.Naming)},
        {"cut", int64_t(C.Cut)},
        {"accesses", intsToJ(C.Accesses)},
        {"calls", intsToJ(C.Calls)}});
  return Out;
}

json::Value toJ(const SrcLoc &L) {
  if (L.Ord)
    return json::Array{L.File.str(), L.Line, L.Col, L.Ord};
  return json::Array{L.File.str(), L.Line, L.Col};
}

/// The ints of a JSON array (AccessFact::PhasePrev/Next).
std::vector<int> intsOf(const json::Value &V) {
  std::vector<int> Out;
  if (const json::Array *A = V.getAsArray())
    for (const json::Value &I : *A)
      Out.push_back(int(I.getAsInteger().value_or(-1)));
  return Out;
}

/// FunctionFacts::Phases: {"waits": [ids], "calls": [[at, prev, next,
/// event]], "entry": next, "exit": prev}; a call's place in the function's
/// own file is [line, col].
json::Object phasesToJ(const FunctionFacts::PhaseFacts &Ph, const FileName &Own) {
  json::Array Waits, Calls;
  for (const Id &W : Ph.Waits)
    Waits.push_back(W.str());
  for (const FunctionFacts::PhaseCall &C : Ph.Calls)
    Calls.push_back(json::Array{C.Where.File == Own ? json::Value(json::Array{C.Where.Line, C.Where.Col})
                                                    : toJ(C.Where),
                                intsToJ(C.Prev), intsToJ(C.Next), C.Event});
  return json::Object{{"waits", std::move(Waits)},
                      {"calls", std::move(Calls)},
                      {"entry", intsToJ(Ph.EntryNext)},
                      {"exit", intsToJ(Ph.ExitPrev)}};
}

static json::Value toJ(const ValueSrc &V) {
  json::Object O{{"k", int(V.K)}};
  if (V.K == ValueSrc::Const)
    O["c"] = int64_t(V.C);
  if (V.K == ValueSrc::Param)
    O["param"] = int64_t(V.Index);
  if (!V.Name.empty())
    O["name"] = V.Name;
  return O;
}

static json::Value toJ(const std::vector<ValueGuard> &Gs) {
  json::Array A;
  for (const ValueGuard &G : Gs) {
    json::Object O{{"param", int64_t(G.Param)}, {"c", int64_t(G.C)}, {"eq", G.Eq}};
    if (!G.Field.empty())
      O["field"] = G.Field;
    A.push_back(std::move(O));
  }
  return A;
}

/// The state-machine facts of a function (Facts.h StateArm, StateWrite,
/// ValueCall).
static json::Value statesJ(const FunctionFacts &Fn) {
  json::Array Arms, Writes, Calls;
  for (const StateArm &A : Fn.StateArms) {
    json::Array Vs;
    for (long long V : A.Values)
      Vs.push_back(int64_t(V));
    Arms.push_back(json::Object{{"begin", toJ(A.Begin)}, {"end", toJ(A.End)},
                                {"param", int64_t(A.Param)}, {"field", A.Field},
                                {"values", std::move(Vs)}});
  }
  for (const StateWrite &W : Fn.StateWrites) {
    json::Object O{{"field", W.Field}, {"value", toJ(W.Value)}, {"at", toJ(W.Where)}};
    if (W.Obj >= 0)
      O["obj"] = int64_t(W.Obj);
    if (!W.Guards.empty())
      O["guards"] = toJ(W.Guards);
    Writes.push_back(std::move(O));
  }
  for (const ValueCall &C : Fn.ValueCalls) {
    json::Array As;
    for (const ValueSrc &V : C.Args)
      As.push_back(toJ(V));
    json::Object O{{"callee", C.Callee}, {"at", toJ(C.Where)}, {"args", std::move(As)}};
    if (!C.Objs.empty())
      O["objs"] = intsToJ(C.Objs);
    if (!C.Guards.empty())
      O["guards"] = toJ(C.Guards);
    Calls.push_back(std::move(O));
  }
  return json::Object{{"arms", std::move(Arms)}, {"writes", std::move(Writes)},
                      {"calls", std::move(Calls)}};
}

json::Value toJ(const HeldLock &H) {
  return json::Object{{"id", H.Id.str()}, {"name", H.Name.str()}, {"shared", H.Shared}, {"at", toJ(H.Where)}};
}

json::Value toJ(const LockSet &S) {
  json::Array A;
  for (const HeldLock &H : S)
    A.push_back(toJ(H));
  return A;
}

/// (argument index, text) pairs: CallFact::FreshMembers, ArgObjects, ArgOrigins.
json::Value argStringsToJ(const std::vector<std::pair<unsigned, std::string>> &V) {
  json::Array A;
  for (const auto &[Arg, Text] : V)
    A.push_back(json::Array{int64_t(Arg), Text});
  return A;
}

json::Value toJ(const std::vector<LockOrderDecl> &Ds) {
  json::Array A;
  for (const LockOrderDecl &D : Ds)
    A.push_back(json::Object{{"before", D.Before.str()},
                             {"after", D.After.str()},
                             {"beforeName", D.BeforeName},
                             {"afterName", D.AfterName},
                             {"at", toJ(D.Where)}});
  return A;
}

json::Value toJ(const std::vector<DescriptorFact> &Ds) {
  json::Array A;
  for (const DescriptorFact &D : Ds) {
    json::Array Fns, Consts;
    for (const auto &[M, Fn] : D.Fns)
      Fns.push_back(json::Array{M, Fn});
    for (const auto &[M, V] : D.Consts)
      Consts.push_back(json::Array{M, V});
    A.push_back(
        json::Object{{"fns", std::move(Fns)}, {"consts", std::move(Consts)}, {"fixed", D.Fixed}});
  }
  return A;
}

json::Object lockEffectToJ(const LockEffect &E) {
  json::Object O{{"acquires", toJ(E.Acquires)},
                 {"releases", toJ(E.Releases)},
                 {"tryOnZero", toJ(E.TryOnZero)},
                 {"tryOnNonZero", toJ(E.TryOnNonZero)},
                 {"returns", toJ(E.Returns)}};
  if (!E.ByValue.empty()) {
    json::Array B;
    for (const ValueEffect &V : E.ByValue)
      B.push_back(json::Object{{"param", int64_t(V.Param)},
                               {"value", V.Value},
                               {"effect", lockEffectToJ(V.Effect)},
                               {"clone", V.Clone}});
    O["byValue"] = std::move(B);
  }
  return O;
}

json::Value lockEffectsToJ(const std::vector<LockEffectFact> &V) {
  json::Array A;
  for (const LockEffectFact &E : V) {
    json::Object O = lockEffectToJ(E);
    O["fn"] = E.Fn;
    A.push_back(std::move(O));
  }
  return A;
}

json::Value toJ(const std::vector<std::string> &V) {
  json::Array A;
  for (const std::string &S : V)
    A.push_back(S);
  return A;
}

json::Value toJ(const std::vector<Id> &V) {
  json::Array A;
  for (const Id &I : V)
    A.push_back(I.str());
  return A;
}

json::Value toJ(const ObjRef &O) {
  json::Object J{{"k", int(O.K)}, {"id", O.Id.str()}, {"name", O.Name.str()}, {"pi", O.PerInstance}};
  if (!O.Obj.empty()) {
    J["obj"] = O.Obj.str();
    J["objName"] = O.ObjName.str();
  }
  return J;
}

json::Value pairsToJ(const std::vector<std::pair<std::string, std::string>> &V) {
  json::Array A;
  for (const auto &[X, Y] : V)
    A.push_back(json::Array{X, Y});
  return A;
}

json::Value aliasesToJ(const std::vector<std::pair<Id, Id>> &V) {
  json::Array A;
  for (const auto &[P, T] : V)
    A.push_back(json::Array{P.str(), T.str()});
  return A;
}

json::Value toJ(const FnValue &V) { return json::Array{V.Fn, V.Slot.str()}; }

json::Value toJ(const std::vector<FnArg> &V) {
  json::Array A;
  for (const FnArg &X : V)
    A.push_back(json::Array{int64_t(X.Index), toJ(X.Value)});
  return A;
}

json::Value toJ(const std::vector<ObjRef> &V) {
  json::Array A;
  for (const ObjRef &O : V)
    A.push_back(toJ(O));
  return A;
}

json::Value toJ(const CallFact &C) {
  json::Object J{{"callee", C.Callee.str()}, {"name", C.CalleeName.str()}, {"at", toJ(C.Where)},
                 {"held", toJ(C.Held)}, {"live", toJ(C.Live)}, {"args", toJ(C.Args)},
                 {"loop", C.InLoop}, {"mayHeld", toJ(C.MayHeld)}};
  if (!C.FnArgs.empty())
    J["fnArgs"] = toJ(C.FnArgs);
  if (!C.Through.empty())
    J["through"] = C.Through.str();
  // Optional fields are written only when set, so older readers and older
  // facts agree.
  if (!C.Dropped.empty())
    J["dropped"] = toJ(C.Dropped);
  if (C.Rechecked)
    J["rechecked"] = true;
  if (C.LoopStart.valid())
    J["loopAt"] = toJ(C.LoopStart);
  if (C.Once)
    J["once"] = true;
  if (C.Always)
    J["always"] = true;
  if (C.ReturnAt.valid())
    J["returnAt"] = toJ(C.ReturnAt);
  if (!C.NumArgs.empty())
    J["numArgs"] = intsToJ(C.NumArgs);
  if (!C.NullGuards.empty())
    J["nullGuards"] = intsToJ(C.NullGuards);
  if (!C.NullArgs.empty())
    J["nullArgs"] = intsToJ(C.NullArgs);
  if (!C.FreshArgs.empty()) {
    J["freshArgs"] = intsToJ(C.FreshArgs);
    J["freshVia"] = toJ(C.FreshVia);
  }
  if (!C.FreshMembers.empty())
    J["freshMembers"] = argStringsToJ(C.FreshMembers);
  if (!C.TakenArgs.empty()) {
    J["takenArgs"] = intsToJ(C.TakenArgs);
    J["takenVia"] = toJ(C.TakenVia);
  }
  if (!C.ParamParts.empty()) {
    json::Array Parts;
    for (const auto &[Arg, Param] : C.ParamParts)
      Parts.push_back(json::Array{int64_t(Arg), int64_t(Param)});
    J["paramParts"] = std::move(Parts);
  }
  if (!C.MemberArgs.empty()) {
    json::Array Members;
    for (const auto &[Arg, Param, Member] : C.MemberArgs)
      Members.push_back(json::Array{int64_t(Arg), int64_t(Param), Member});
    J["memberArgs"] = std::move(Members);
  }
  if (!C.BaseArgs.empty()) {
    json::Array Bases;
    for (const auto &[Arg, Base] : C.BaseArgs)
      Bases.push_back(json::Array{int64_t(Arg), Base.str()});
    J["baseArgs"] = std::move(Bases);
  }
  if (!C.ThroughOwner.empty())
    J["throughOwner"] = C.ThroughOwner.str();
  if (!C.ArgObjects.empty())
    J["argObjects"] = argStringsToJ(C.ArgObjects);
  if (!C.HeldIf.empty()) {
    json::Array HeldIf;
    for (const auto &[H, Member, V] : C.HeldIf)
      HeldIf.push_back(json::Array{toJ(H), Member, V});
    J["heldIf"] = std::move(HeldIf);
  }
  if (!C.ArgOrigins.empty())
    J["argOrigins"] = argStringsToJ(C.ArgOrigins);
  if (C.ArgsSeen)
    J["argValues"] = argStringsToJ(C.ArgValues);
  return json::Value(std::move(J));
}

// Reading: a small cursor that records the first error.
struct Reader {
  std::string Err;

  void fail(const Twine &Why) {
    if (Err.empty())
      Err = Why.str();
  }
  const json::Object *obj(const json::Value *V, StringRef What) {
    const json::Object *O = V ? V->getAsObject() : nullptr;
    if (!O)
      fail("expected an object for '" + What + "'");
    return O;
  }
  const json::Array *arr(const json::Object *O, StringRef Key) {
    const json::Array *A = O ? O->getArray(Key) : nullptr;
    if (!A)
      fail("missing array '" + Key + "'");
    return A;
  }
  std::string str(const json::Object *O, StringRef Key) {
    if (!O)
      return {};
    if (auto S = O->getString(Key))
      return S->str();
    fail("missing string '" + Key + "'");
    return {};
  }
  bool boolean(const json::Object *O, StringRef Key) {
    if (!O)
      return false;
    if (auto B = O->getBoolean(Key))
      return *B;
    fail("missing boolean '" + Key + "'");
    return false;
  }
  int64_t integer(const json::Object *O, StringRef Key) {
    if (!O)
      return 0;
    if (auto I = O->getInteger(Key))
      return *I;
    fail("missing integer '" + Key + "'");
    return 0;
  }
  SrcLoc loc(const json::Value *V) {
    SrcLoc L;
    const json::Array *A = V ? V->getAsArray() : nullptr;
    if (!A || (A->size() != 3 && A->size() != 4)) {
      fail("malformed location");
      return L;
    }
    if (auto S = (*A)[0].getAsString())
      L.File = *S;
    L.Line = unsigned((*A)[1].getAsInteger().value_or(0));
    L.Col = std::min(unsigned((*A)[2].getAsInteger().value_or(0)), SrcLoc::MaxCol);
    if (A->size() == 4) // optional: the order inside a macro expansion
      L.Ord = std::min(unsigned((*A)[3].getAsInteger().value_or(0)), SrcLoc::MaxOrd);
    return L;
  }
  SrcLoc loc(const json::Object *O, StringRef Key) { return loc(O ? O->get(Key) : nullptr); }
  ValueSrc value(const json::Value &V) {
    ValueSrc X;
    const json::Object *O = obj(&V, "value");
    X.K = ValueSrc::Kind(integer(O, "k"));
    if (O) {
      X.C = O->getInteger("c").value_or(0);
      X.Index = int(O->getInteger("param").value_or(-1));
      if (auto N = O->getString("name"))
        X.Name = N->str();
    }
    return X;
  }
  std::vector<ValueGuard> guards(const json::Object *O) {
    std::vector<ValueGuard> Gs;
    if (const json::Array *A = O ? O->getArray("guards") : nullptr)
      for (const json::Value &V : *A) {
        const json::Object *GO = obj(&V, "guard");
        ValueGuard G;
        G.Param = int(integer(GO, "param"));
        G.C = GO ? GO->getInteger("c").value_or(0) : 0;
        G.Eq = GO && GO->getBoolean("eq").value_or(true);
        if (auto F = GO ? GO->getString("field") : std::nullopt)
          G.Field = F->str();
        Gs.push_back(std::move(G));
      }
    return Gs;
  }
  void readStates(const json::Object *SO, FunctionFacts &Fn) {
    if (const json::Array *A = SO->getArray("arms"))
      for (const json::Value &V : *A) {
        const json::Object *O = obj(&V, "arm");
        StateArm X;
        X.Begin = loc(O, "begin");
        X.End = loc(O, "end");
        X.Param = int(integer(O, "param"));
        X.Field = str(O, "field");
        if (const json::Array *Vs = O ? O->getArray("values") : nullptr)
          for (const json::Value &E : *Vs)
            X.Values.push_back(E.getAsInteger().value_or(0));
        Fn.StateArms.push_back(std::move(X));
      }
    if (const json::Array *A = SO->getArray("writes"))
      for (const json::Value &V : *A) {
        const json::Object *O = obj(&V, "write");
        StateWrite X;
        X.Field = str(O, "field");
        if (O && O->get("value"))
          X.Value = value(*O->get("value"));
        X.Where = loc(O, "at");
        X.Obj = O ? int(O->getInteger("obj").value_or(-1)) : -1;
        X.Guards = guards(O);
        Fn.StateWrites.push_back(std::move(X));
      }
    if (const json::Array *A = SO->getArray("calls"))
      for (const json::Value &V : *A) {
        const json::Object *O = obj(&V, "call");
        ValueCall X;
        X.Callee = str(O, "callee");
        X.Where = loc(O, "at");
        if (const json::Array *As = O ? O->getArray("args") : nullptr)
          for (const json::Value &E : *As)
            X.Args.push_back(value(E));
        X.Objs = intsOf(O, "objs", -1);
        X.Guards = guards(O);
        Fn.ValueCalls.push_back(std::move(X));
      }
  }
  HeldLock held(const json::Value &V) {
    HeldLock H;
    const json::Object *O = obj(&V, "lock");
    H.Id = Id::parse(str(O, "id"));
    H.Name = str(O, "name");
    H.Shared = boolean(O, "shared");
    H.Where = loc(O, "at");
    return H;
  }
  LockSet locks(const json::Object *O, StringRef Key) {
    LockSet S;
    if (const json::Array *A = arr(O, Key))
      for (const json::Value &V : *A)
        S.push_back(held(V));
    return S;
  }
  void lockEffect(const json::Object *O, LockEffect &E) {
    E.Acquires = locks(O, "acquires");
    E.Releases = locks(O, "releases");
    E.TryOnZero = locks(O, "tryOnZero");
    E.TryOnNonZero = locks(O, "tryOnNonZero");
    if (O && O->getArray("returns")) // optional: facts of earlier versions
      E.Returns = locks(O, "returns");
    if (const json::Array *B = O ? O->getArray("byValue") : nullptr) // optional
      for (const json::Value &V : *B) {
        const json::Object *VO = obj(&V, "value effect");
        ValueEffect X;
        X.Param = unsigned(VO ? VO->getInteger("param").value_or(0) : 0);
        X.Value = VO ? VO->getInteger("value").value_or(0) : 0;
        X.Clone = str(VO, "clone");
        lockEffect(obj(VO ? VO->get("effect") : nullptr, "value effect"), X.Effect);
        E.ByValue.push_back(std::move(X));
      }
  }
  std::vector<LockEffectFact> lockEffects(const json::Array &A) {
    std::vector<LockEffectFact> R;
    for (const json::Value &V : A) {
      const json::Object *O = obj(&V, "lock effect");
      LockEffectFact E;
      E.Fn = str(O, "fn");
      lockEffect(O, E);
      R.push_back(std::move(E));
    }
    return R;
  }
  std::vector<std::string> strings(const json::Object *O, StringRef Key) {
    std::vector<std::string> R;
    if (const json::Array *A = arr(O, Key))
      for (const json::Value &V : *A)
        if (auto S = V.getAsString())
          R.push_back(S->str());
    return R;
  }
  std::vector<Id> ids(const json::Object *O, StringRef Key) {
    std::vector<Id> R;
    for (const std::string &S : strings(O, Key))
      R.push_back(Id::parse(S));
    return R;
  }
  /// An array of [string, string] pairs (pairsToJ and aliasesToJ write them).
  std::vector<std::pair<std::string, std::string>> pairs(const json::Object *O, StringRef Key) {
    std::vector<std::pair<std::string, std::string>> R;
    if (const json::Array *A = arr(O, Key))
      for (const json::Value &V : *A) {
        const json::Array *P = V.getAsArray();
        if (!P || P->size() != 2 || !(*P)[0].getAsString() || !(*P)[1].getAsString()) {
          fail("malformed pair in '" + Key + "'");
          continue;
        }
        R.push_back({(*P)[0].getAsString()->str(), (*P)[1].getAsString()->str()});
      }
    return R;
  }

  ObjRef objRef(const json::Value &V, StringRef What) {
    const json::Object *E = obj(&V, What);
    ObjRef X;
    X.K = ObjRef::Kind(integer(E, "k"));
    X.Id = Id::parse(str(E, "id"));
    X.Name = str(E, "name");
    X.PerInstance = boolean(E, "pi");
    if (E)
      if (auto S = E->getString("obj")) {
        X.Obj = Id::parse(*S);
        X.ObjName = E->getString("objName").value_or("").str();
      }
    return X;
  }
  std::vector<ObjRef> objs(const json::Object *O, StringRef Key) {
    std::vector<ObjRef> R;
    if (const json::Array *A = arr(O, Key))
      for (const json::Value &V : *A)
        R.push_back(objRef(V, Key));
    return R;
  }

  FnValue fnValue(const json::Value &V) {
    FnValue X;
    const json::Array *A = V.getAsArray();
    if (!A || A->size() != 2 || !(*A)[0].getAsString() || !(*A)[1].getAsString()) {
      fail("malformed function value");
      return X;
    }
    X.Fn = (*A)[0].getAsString()->str();
    X.Slot = Id::parse(*(*A)[1].getAsString());
    return X;
  }

  /// argStringsToJ's pairs under Key (absent: none); malformed entries skipped.
  std::vector<std::pair<unsigned, std::string>> argStrings(const json::Object *O, StringRef Key) {
    std::vector<std::pair<unsigned, std::string>> Out;
    if (const json::Array *A = O ? O->getArray(Key) : nullptr)
      for (const json::Value &V : *A)
        if (const json::Array *P = V.getAsArray(); P && P->size() == 2)
          if (std::optional<StringRef> S = (*P)[1].getAsString())
            Out.push_back({unsigned((*P)[0].getAsInteger().value_or(0)), S->str()});
    return Out;
  }

  std::vector<DescriptorFact> descriptors(const json::Array &A) {
    std::vector<DescriptorFact> Out;
    for (const json::Value &V : A) {
      const json::Object *O = obj(&V, "descriptor");
      DescriptorFact D;
      for (auto &[M, Fn] : pairs(O, "fns"))
        D.Fns.push_back({M, Fn});
      if (const json::Array *C = O ? O->getArray("consts") : nullptr)
        for (const json::Value &CV : *C) {
          const json::Array *P = CV.getAsArray();
          if (!P || P->size() != 2 || !(*P)[0].getAsString() || !(*P)[1].getAsInteger()) {
            fail("malformed 'descriptors'");
            continue;
          }
          D.Consts.push_back({(*P)[0].getAsString()->str(), *(*P)[1].getAsInteger()});
        }
      D.Fixed = boolean(O, "fixed");
      Out.push_back(std::move(D));
    }
    return Out;
  }

  CallFact call(const json::Value &CV) {
    const json::Object *O = obj(&CV, "call");
    CallFact X;
    X.Callee = str(O, "callee");
    X.CalleeName = str(O, "name");
    X.Where = loc(O, "at");
    X.Held = locks(O, "held");
    X.Live = strings(O, "live");
    X.Args = objs(O, "args");
    X.InLoop = boolean(O, "loop");
    if (O && O->getArray("mayHeld"))
      X.MayHeld = locks(O, "mayHeld");
    if (O && O->getArray("dropped"))
      X.Dropped = ids(O, "dropped");
    X.Rechecked = O && O->getBoolean("rechecked").value_or(false);
    if (O && O->get("loopAt"))
      X.LoopStart = loc(O, "loopAt");
    X.Once = O && O->getBoolean("once").value_or(false);
    X.Always = O && O->getBoolean("always").value_or(false); // optional: older facts
    if (O && O->get("returnAt"))
      X.ReturnAt = loc(O, "returnAt");
    X.NumArgs = intsOf(O, "numArgs", -1);
    X.NullGuards = intsOf(O, "nullGuards");
    X.NullArgs = intsOf(O, "nullArgs");
    if (O) // optional: older facts have no fresh arguments
      if (const json::Array *A = O->getArray("freshArgs")) {
        for (const json::Value &I : *A)
          X.FreshArgs.push_back(unsigned(I.getAsInteger().value_or(0)));
        X.FreshVia = ids(O, "freshVia");
      }
    // Optional: only on calls handing a local with fresh members.
    X.FreshMembers = argStrings(O, "freshMembers");
    if (O) // optional: older facts have no taken arguments
      if (const json::Array *A = O->getArray("takenArgs")) {
        for (const json::Value &I : *A)
          X.TakenArgs.push_back(unsigned(I.getAsInteger().value_or(0)));
        X.TakenVia = ids(O, "takenVia");
      }
    if (O)
      if (const json::Array *A = O->getArray("paramParts"))
        for (const json::Value &V : *A)
          if (const json::Array *P = V.getAsArray(); P && P->size() == 2)
            X.ParamParts.push_back({unsigned((*P)[0].getAsInteger().value_or(0)),
                                    unsigned((*P)[1].getAsInteger().value_or(0))});
    if (O)
      if (const json::Array *A = O->getArray("memberArgs"))
        for (const json::Value &V : *A)
          if (const json::Array *P = V.getAsArray(); P && P->size() == 3)
            if (std::optional<StringRef> M = (*P)[2].getAsString())
              X.MemberArgs.push_back({unsigned((*P)[0].getAsInteger().value_or(0)),
                                      unsigned((*P)[1].getAsInteger().value_or(0)), M->str()});
    if (O)
      if (const json::Array *A = O->getArray("baseArgs"))
        for (const json::Value &V : *A)
          if (const json::Array *P = V.getAsArray(); P && P->size() == 2)
            if (std::optional<StringRef> B = (*P)[1].getAsString())
              X.BaseArgs.push_back({unsigned((*P)[0].getAsInteger().value_or(0)), Id::parse(*B)});
    if (O) // optional: only on indirect calls through a member
      X.ThroughOwner = O->getString("throughOwner").value_or("").str();
    X.ArgObjects = argStrings(O, "argObjects"); // optional: older facts have none
    if (O) // optional: only on indirect calls under a correlated lock
      if (const json::Array *A = O->getArray("heldIf"))
        for (const json::Value &V : *A) {
          const json::Array *P = V.getAsArray();
          if (!P || P->size() != 3 || !(*P)[1].getAsString() || !(*P)[2].getAsBoolean()) {
            fail("malformed 'heldIf'");
            continue;
          }
          X.HeldIf.push_back(
              {held((*P)[0]), (*P)[1].getAsString()->str(), *(*P)[2].getAsBoolean()});
        }
    // Optional: facts written before argument origins existed still load.
    X.ArgOrigins = argStrings(O, "argOrigins");
    // Optional: only on calls through a function value, and not in older facts.
    X.ArgsSeen = O && O->getArray("argValues");
    X.ArgValues = argStrings(O, "argValues");
    // Optional: facts written before function values existed still load.
    if (O)
      if (const json::Array *A = O->getArray("fnArgs"))
        for (const json::Value &V : *A) {
          const json::Array *P = V.getAsArray();
          if (!P || P->size() != 2) {
            fail("malformed 'fnArgs'");
            continue;
          }
          X.FnArgs.push_back({unsigned((*P)[0].getAsInteger().value_or(0)), fnValue((*P)[1])});
        }
    if (O)
      if (auto S = O->getString("through"))
        X.Through = Id::parse(*S);
    return X;
  }
  AccessFact access(const json::Value &V) {
    const json::Object *O = obj(&V, "access");
    AccessFact X;
    X.Loc = Id::parse(str(O, "loc"));
    X.Name = str(O, "name");
    X.Field = str(O, "field");
    X.ClassLevel = boolean(O, "cls");
    X.Write = boolean(O, "w");
    X.Atomic = boolean(O, "atomic");
    X.NoHandOver = O && O->getBoolean("noHandOver").value_or(false); // optional
    X.CountsDown = O && O->getBoolean("countsDown").value_or(false);  // optional
    X.Indexed = boolean(O, "idx");
    X.Record = str(O, "rec");
    X.Where = loc(O, "at");
    X.Held = locks(O, "held");
    X.Live = strings(O, "live");
    if (O && O->getBoolean("fresh").value_or(false)) { // optional: older facts
      X.Fresh = true;
      X.FreshVia = ids(O, "via");
    }
    if (O && O->getBoolean("handoff").value_or(false)) { // optional: older facts
      X.HandedOff = true;
      X.FreshVia = ids(O, "via");
    }
    if (O && O->getArray("dropped"))
      X.Dropped = ids(O, "dropped");
    if (O) // optional: older facts
      X.ViaParam = int(O->getInteger("viaParam").value_or(-1));
    if (O) // optional: older facts
      if (const json::Array *H = O->getArray("beforeHandOff"))
        for (const json::Value &V : *H)
          if (const json::Array *P = V.getAsArray(); P && P->size() == 2)
            if (auto S = (*P)[0].getAsString())
              X.BeforeHandOff.push_back({Id::parse(*S), (*P)[1].getAsBoolean().value_or(false)});
    if (O && O->getArray("beforeEnqueue"))
      X.BeforeEnqueue = ids(O, "beforeEnqueue");
    X.NullGuards = intsOf(O, "nullGuards");
    if (const json::Array *Ph = O ? O->getArray("phase") : nullptr; Ph && Ph->size() == 2) {
      X.PhasePrev = intsOf((*Ph)[0]);
      X.PhaseNext = intsOf((*Ph)[1]);
    }
    if (O) { // optional: older facts
      X.PhaseSerial = int(O->getInteger("phaseSerial").value_or(-1));
      X.DerivedParam = int(O->getInteger("derivedParam").value_or(-1));
      X.RefMember = O->getBoolean("refMember").value_or(false);
      if (auto S = O->getString("derivedMember"))
        X.DerivedMember = S->str();
      if (auto S = O->getString("freshMemberOf"))
        X.FreshMemberOf = Id::parse(*S);
      if (auto S = O->getString("freshMember"))
        X.FreshMember = S->str();
      X.RegBase = int(O->getInteger("regBase").value_or(-1));
    }
    if (O) // optional: only on accesses standing in for a callee
      if (auto S = O->getString("byCallee"))
        X.ByCallee = S->str();
    if (O) // optional: only on class-level accesses of a known origin
      if (auto S = O->getString("origin"))
        X.Origin = S->str();
    if (O) // optional: only on members of embedded objects of a known container
      if (const json::Array *C = O->getArray("container"); C && C->size() == 2)
        if (auto E = (*C)[0].getAsString())
          if (auto N = (*C)[1].getAsString()) {
            X.Embed = E->str();
            X.Container = N->str();
          }
    if (O && O->get("slotAt")) { // optional: older facts
      X.SlotSpawn = loc(O, "slotAt");
      X.SlotArg = int(O->getInteger("slotArg").value_or(-1));
      X.SlotFresh = O->getBoolean("slotFresh").value_or(false);
    }
    if (O) { // optional: older facts
      X.SlotIndex = int(O->getInteger("slotIndex").value_or(-1));
      X.NumberGuard = int(O->getInteger("numberGuard").value_or(-1));
      X.NumberValue = O->getInteger("numberValue").value_or(0);
    }
    return X;
  }
  SpawnFact spawn(const json::Value &V) {
    const json::Object *O = obj(&V, "spawn");
    SpawnFact X;
    X.Api = str(O, "api");
    X.Entry = str(O, "entry");
    X.EntryName = str(O, "name");
    X.Where = loc(O, "at");
    X.Handle = str(O, "handle");
    X.InLoop = boolean(O, "loop");
    X.JoinedInSameLoop = boolean(O, "joinedInLoop");
    X.LiveAtSpawn = strings(O, "live");
    X.Args = objs(O, "args");
    X.Escapes = objs(O, "escapes");
    if (const json::Array *B = O ? O->getArray("refBinds") : nullptr) // optional
      for (const json::Value &V : *B)
        if (const json::Array *P = V.getAsArray(); P && P->size() == 2)
          if (auto F = (*P)[0].getAsString())
            X.RefBinds.push_back({F->str(), objRef((*P)[1], "refBinds")});
    if (O) // optional: older facts have no shared handles
      if (auto S = O->getString("shared"))
        X.SharedHandle = Id::parse(*S);
    if (O)
      if (auto S = O->getString("entrySlot"))
        X.EntrySlot = Id::parse(*S);
    return X;
  }
  LockOpFact lockOp(const json::Value &V) {
    const json::Object *O = obj(&V, "lockop");
    LockOpFact X;
    X.Kind = LockOpFact::Op(integer(O, "op"));
    if (const json::Value *LV = O ? O->get("lock") : nullptr)
      X.Lock = held(*LV);
    else
      fail("missing 'lock'");
    X.HeldBefore = locks(O, "held");
    X.Where = loc(O, "at");
    X.Multi = boolean(O, "multi");
    if (const json::Value *OV = O ? O->get("ordered") : nullptr)
      X.Ordered = OV->getAsBoolean().value_or(false);
    // Optional: facts written before these fields existed still load.
    if (O) {
      X.MayHeld = O->getBoolean("mayHeld").value_or(false);
      X.Recursive = O->getBoolean("recursive").value_or(false);
      X.InLoop = O->getBoolean("loop").value_or(false);
      X.Pred = O->getBoolean("pred").value_or(false);
      X.Retake = O->getBoolean("retake").value_or(false);
      if (auto S = O->getString("instance"))
        X.Instance = S->str();
      if (auto S = O->getString("cond"))
        X.Cond = S->str();
    }
    if (O && O->getArray("live"))
      X.Live = strings(O, "live");
    if (O && O->getArray("mayBefore"))
      X.MayHeldBefore = locks(O, "mayBefore");
    return X;
  }
  /// FunctionFacts::Phases, and the accesses written without a phase: entry to exit.
  void readPhases(const json::Object &Ph, FunctionFacts &Fn) {
    for (const Id &W : ids(&Ph, "waits"))
      Fn.Phases.Waits.push_back(W);
    if (const json::Array *Cs = Ph.getArray("calls"))
      for (const json::Value &CV : *Cs)
        if (const json::Array *C = CV.getAsArray(); C && C->size() == 4) {
          SrcLoc At;
          if (const json::Array *L = (*C)[0].getAsArray(); L && L->size() == 2) {
            At.File = Fn.Where.File; // in the function's own file
            At.Line = unsigned((*L)[0].getAsInteger().value_or(0));
            At.Col = std::min(unsigned((*L)[1].getAsInteger().value_or(0)), SrcLoc::MaxCol);
          } else {
            At = loc(&(*C)[0]);
          }
          Fn.Phases.Calls.push_back({At, intsOf((*C)[1]), intsOf((*C)[2]),
                                     (*C)[3].getAsBoolean().value_or(true)});
        }
    Fn.Phases.EntryNext = intsOf(&Ph, "entry", -1);
    Fn.Phases.ExitPrev = intsOf(&Ph, "exit", -1);
    for (AccessFact &A : Fn.Accesses) // written without: entry to exit
      if (A.PhasePrev.empty() && A.PhaseNext.empty())
        A.PhasePrev = A.PhaseNext = {-1};
  }
  /// FunctionFacts::NamingCuts; indexes past the lists (facts edited by hand) name nothing.
  void readNamingCuts(const json::Array &A, FunctionFacts &Fn) {
    for (const json::Value &CV : A) {
      const json::Object *O = CV.getAsObject();
      if (!O)
        continue;
      FunctionFacts::NamingCut C;
      int64_t Naming = O->getInteger("naming").value_or(0); // -1: the entry
      C.Naming = Naming < 0 ? FunctionFacts::NamingCut::Entry : unsigned(Naming);
      C.Cut = unsigned(O->getInteger("cut").value_or(0));
      for (int I : intsOf(O, "accesses"))
        C.Accesses.push_back(unsigned(I));
      for (int I : intsOf(O, "calls"))
        C.Calls.push_back(unsigned(I));
      if ((C.Naming < Fn.Calls.size() || C.Naming == FunctionFacts::NamingCut::Entry) &&
          C.Cut < Fn.Calls.size())
        Fn.NamingCuts.push_back(std::move(C));
    }
  }
  FunctionFacts function(const json::Value &V) {
    const json::Object *FO = obj(&V, "function");
    FunctionFacts Fn;
    Fn.Usr = str(FO, "usr");
    Fn.Name = str(FO, "name");
    Fn.Where = loc(FO, "at");
    Fn.IsMain = boolean(FO, "main");
    Fn.AnnotatedAcquire = FO && FO->getBoolean("annotatedAcquire").value_or(false);
    Fn.ReturnsFresh = FO && FO->getBoolean("returnsFresh").value_or(false); // optional
    if (FO && FO->getArray("globalCells")) // optional: older facts
      Fn.GlobalCells = strings(FO, "globalCells");
    Fn.ParamNames = strings(FO, "params");
    Fn.LiveAtExit = strings(FO, "liveAtExit");
    if (const json::Array *A = arr(FO, "accesses"))
      for (const json::Value &AV : *A)
        Fn.Accesses.push_back(access(AV));
    if (const json::Array *A = arr(FO, "calls"))
      for (const json::Value &CV : *A)
        Fn.Calls.push_back(call(CV));
    if (FO)
      if (const json::Array *A = FO->getArray("indirectCalls"))
        for (const json::Value &CV : *A)
          Fn.IndirectCalls.push_back(call(CV));
    if (const json::Array *A = arr(FO, "spawns"))
      for (const json::Value &SV : *A)
        Fn.Spawns.push_back(spawn(SV));
    if (const json::Array *A = arr(FO, "lockops"))
      for (const json::Value &OV : *A)
        Fn.LockOps.push_back(lockOp(OV));
    if (FO)
      if (const json::Array *A = FO->getArray("exits"))
        for (const json::Value &EV : *A) {
          const json::Object *O = obj(&EV, "exit");
          ExitFact X;
          X.Where = loc(O, "at");
          X.Held = locks(O, "held");
          Fn.Exits.push_back(std::move(X));
        }
    if (FO) { // optional: older facts have none of these
      if (const json::Array *A = FO->getArray("syncs"))
        for (const json::Value &SV : *A) {
          const json::Object *O = obj(&SV, "sync");
          SyncFact X;
          X.Loc = Id::parse(str(O, "loc"));
          X.Release = boolean(O, "release");
          X.Spin = boolean(O, "spin");
          X.ToZero = O && O->getBoolean("toZero").value_or(false); // optional
          X.InLoop = boolean(O, "loop");
          X.Where = loc(O, "at");
          Fn.Syncs.push_back(std::move(X));
        }
      if (const json::Array *A = FO->getArray("escapingParams"))
        for (const json::Value &E : *A)
          if (auto I = E.getAsInteger())
            Fn.EscapingParams.push_back(unsigned(*I));
      auto Links = [&](const char *Key, std::vector<std::pair<unsigned, Id>> &Out) {
        if (const json::Array *A = FO->getArray(Key))
          for (const json::Value &E : *A)
            if (const json::Array *P = E.getAsArray(); P && P->size() == 2)
              if (auto L = (*P)[1].getAsString())
                Out.push_back({unsigned((*P)[0].getAsInteger().value_or(0)), Id::parse(*L)});
      };
      Links("linkedParams", Fn.LinkedParams);
      Links("enqueuedParams", Fn.EnqueuedParams);
      if (FO->getArray("takeLinks"))
        Fn.TakeLinks = ids(FO, "takeLinks");
      if (FO->getArray("originFlows"))
        Fn.OriginFlows = pairs(FO, "originFlows");
      if (FO->getArray("argOnlyLocals"))
        Fn.ArgOnlyLocals = ids(FO, "argOnlyLocals");
      if (const json::Array *A = FO->getArray("keptHeaps"))
        for (const json::Value &KV : *A)
          if (const json::Array *P = KV.getAsArray(); P && P->size() == 2)
            if (auto H = (*P)[0].getAsString()) {
              std::vector<Id> Vias;
              if (const json::Array *V = (*P)[1].getAsArray())
                for (const json::Value &X : *V)
                  if (auto S = X.getAsString())
                    Vias.push_back(Id::parse(*S));
              Fn.KeptHeaps.push_back({Id::parse(*H), std::move(Vias)});
            }
      if (FO->getArray("activationHeaps")) // optional: older facts
        Fn.ActivationHeaps = ids(FO, "activationHeaps");
      if (const json::Object *Ph = FO->getObject("phases")) // optional: older facts
        readPhases(*Ph, Fn);
      if (const json::Array *A = FO->getArray("namingCuts")) // optional: older facts
        readNamingCuts(*A, Fn);
    }
    if (FO)
      if (const json::Array *A = FO->getArray("joins")) // optional: older facts
        for (const json::Value &JV : *A) {
          const json::Object *O = obj(&JV, "join");
          JoinFact X;
          X.Handle = Id::parse(str(O, "handle"));
          X.Where = loc(O, "at");
          if (O && O->get("returnAt"))
            X.ReturnAt = loc(O, "returnAt");
          Fn.Joins.push_back(std::move(X));
        }
    if (FO)
      if (const json::Array *A = FO->getArray("counts")) // optional: older facts
        for (const json::Value &CV : *A) {
          const json::Object *O = obj(&CV, "count");
          CountFact X;
          X.K = CountFact::Kind(O ? O->getInteger("op").value_or(0) : 0);
          X.Counter = Id::parse(str(O, "counter"));
          X.Where = loc(O, "at");
          if (O && O->get("end"))
            X.End = loc(O, "end");
          X.Held = locks(O, "held");
          Fn.Counts.push_back(std::move(X));
        }
    if (FO && FO->getArray("entryHeld"))
      Fn.EntryHeld = locks(FO, "entryHeld");
    if (FO)
      if (const json::Object *SO = FO->getObject("states")) // optional: older facts
        readStates(SO, Fn);
    if (FO)
      if (const json::Array *A = FO->getArray("lockTargets"))
        for (const json::Value &TV : *A)
          if (const json::Array *P = TV.getAsArray(); P && P->size() == 2)
            if (auto L = (*P)[0].getAsString())
              Fn.LockTargets.push_back({Id::parse(*L), held((*P)[1])});
    return Fn;
  }
};

} // namespace

std::string lockEffectsToJSON(const std::vector<LockEffectFact> &V) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << lockEffectsToJ(V);
  return Out;
}

/// FunctionFacts::KeptHeaps: [[heap id, [callee parameter ids]], ...].
static json::Value keptHeapsToJ(const std::vector<std::pair<Id, std::vector<Id>>> &Kept) {
  json::Array K;
  for (const auto &[H, Vias] : Kept)
    K.push_back(json::Array{H.str(), toJ(Vias)});
  return K;
}

/// One AccessFact as the facts JSON writes it.
static json::Value accessToJ(const AccessFact &A) {
  json::Object J{{"loc", A.Loc.str()}, {"name", A.Name.str()}, {"field", A.Field.str()},
                 {"cls", A.ClassLevel}, {"w", A.Write}, {"atomic", A.Atomic}, {"idx", A.Indexed}, {"rec", A.Record.str()},
                 {"at", toJ(A.Where)}, {"held", toJ(A.Held)},
                 {"live", toJ(A.Live)}};
  if (A.NoHandOver)
    J["noHandOver"] = true;
  if (A.CountsDown)
    J["countsDown"] = true;
  if (A.Fresh || A.HandedOff) {
    J[A.Fresh ? "fresh" : "handoff"] = true;
    J["via"] = toJ(A.FreshVia);
  }
  if (!A.Dropped.empty())
    J["dropped"] = toJ(A.Dropped);
  if (A.ViaParam >= 0)
    J["viaParam"] = int64_t(A.ViaParam);
  if (A.DerivedParam >= 0)
    J["derivedParam"] = int64_t(A.DerivedParam);
  if (!A.DerivedMember.empty())
    J["derivedMember"] = A.DerivedMember.str();
  if (A.RefMember)
    J["refMember"] = true;
  if (!A.FreshMemberOf.empty()) {
    J["freshMemberOf"] = A.FreshMemberOf.str();
    J["freshMember"] = A.FreshMember.str();
  }
  if (A.RegBase >= 0)
    J["regBase"] = int64_t(A.RegBase);
  if (!A.ByCallee.empty())
    J["byCallee"] = A.ByCallee.str();
  if (!A.Origin.empty())
    J["origin"] = A.Origin.str();
  if (!A.Container.empty())
    J["container"] = json::Array{A.Embed.str(), A.Container.str()};
  if (A.SlotArg >= 0) {
    J["slotAt"] = toJ(A.SlotSpawn);
    J["slotArg"] = int64_t(A.SlotArg);
    if (A.SlotFresh)
      J["slotFresh"] = true;
  }
  if (A.SlotIndex != -1)
    J["slotIndex"] = int64_t(A.SlotIndex);
  if (A.NumberGuard != -1) {
    J["numberGuard"] = int64_t(A.NumberGuard);
    J["numberValue"] = A.NumberValue;
  }
  if (!A.BeforeHandOff.empty()) {
    json::Array H;
    for (const AccessFact::HandOffCall &C : A.BeforeHandOff)
      H.push_back(json::Array{C.Param.str(), C.Locked});
    J["beforeHandOff"] = std::move(H);
  }
  if (!A.BeforeEnqueue.empty())
    J["beforeEnqueue"] = toJ(A.BeforeEnqueue);
  if (!A.NullGuards.empty())
    J["nullGuards"] = intsToJ(A.NullGuards);
  // Entry to exit with no event between (the most common) is left out: the
  // reader restores it in a function with Phases.
  static const std::vector<int> Edge{-1};
  if ((!A.PhasePrev.empty() || !A.PhaseNext.empty()) &&
      (A.PhasePrev != Edge || A.PhaseNext != Edge))
    J["phase"] = json::Array{intsToJ(A.PhasePrev), intsToJ(A.PhaseNext)};
  if (A.PhaseSerial >= 0)
    J["phaseSerial"] = int64_t(A.PhaseSerial);
  return J;
}

json::Value toJ(const SpawnFact &S) {
  json::Object J{{"api", S.Api}, {"entry", S.Entry}, {"name", S.EntryName},
                 {"at", toJ(S.Where)}, {"handle", S.Handle},
                 {"loop", S.InLoop}, {"joinedInLoop", S.JoinedInSameLoop},
                 {"live", toJ(S.LiveAtSpawn)}, {"args", toJ(S.Args)},
                 {"escapes", toJ(S.Escapes)}};
  if (!S.EntrySlot.empty())
    J["entrySlot"] = S.EntrySlot.str();
  if (!S.RefBinds.empty()) {
    json::Array B;
    for (const auto &[F, O] : S.RefBinds)
      B.push_back(json::Array{F, toJ(O)});
    J["refBinds"] = std::move(B);
  }
  if (!S.SharedHandle.empty())
    J["shared"] = S.SharedHandle.str();
  return J;
}

/// An optional root attribute: written only when not empty (older readers
/// skip it, and older facts have none).
template <typename T>
static void writeOptional(json::OStream &W, llvm::StringRef Key, const std::vector<T> &V) {
  if (!V.empty())
    W.attribute(Key, toJ(V));
}
static void writeOptional(json::OStream &W, llvm::StringRef Key,
                          const std::vector<std::pair<std::string, std::string>> &V) {
  if (!V.empty())
    W.attribute(Key, pairsToJ(V));
}

/// TUFacts' object counts, in the root's key order.
static void writeObjectCounts(json::OStream &W, const TUFacts &F) {
  writeOptional(W, "manyObjects", F.ManyObjects);
  writeOptional(W, "objectSites", F.ObjectSites);
  writeOptional(W, "oneObjectNodes", F.OneObjectNodes);
  writeOptional(W, "globalCells", F.GlobalCells);
}

static json::Array joinsToJ(const std::vector<JoinFact> &Js) {
  json::Array Joins;
  for (const JoinFact &J : Js) {
    json::Object JO{{"handle", J.Handle.str()}, {"at", toJ(J.Where)}};
    if (J.ReturnAt.valid())
      JO["returnAt"] = toJ(J.ReturnAt);
    Joins.push_back(std::move(JO));
  }
  return Joins;
}

std::string factsToJSON(const TUFacts &F) {
  std::string Out;
  raw_string_ostream OS(Out);
  writeFactsJSON(F, OS);
  OS.flush();
  return Out;
}

void writeFactsJSON(const TUFacts &F, raw_ostream &OS) {
  // Streamed: one function's tree at a time, never the whole file's (a
  // json::Object allocates 64 buckets; 50,000 functions took gigabytes). The
  // root's keys go in json::Value's sorted order, so the bytes are those of
  // the one json::Value this used to build.
  json::OStream W(OS);
  W.objectBegin();
  W.attribute("aliases", aliasesToJ(F.Aliases));
  W.attributeBegin("classes");
  W.arrayBegin();
  for (const ClassFacts &C : F.Classes)
    W.value(json::Object{
        {"name", C.Name}, {"fields", toJ(C.Fields)}, {"members", pairsToJ(C.Members)}});
  W.arrayEnd();
  W.attributeEnd();
  writeOptional(W, "copiedRecords", F.CopiedRecords);
  W.attribute("declaredOrders", toJ(F.DeclaredOrders));
  writeOptional(W, "descriptors", F.Descriptors);
  W.attribute("file", F.MainFile);
  W.attributeBegin("fnStores");
  W.arrayBegin();
  for (const FnStore &S : F.FnStores) {
    json::Array A{S.Slot.str(), toJ(S.Value)};
    if (!S.Owner.empty()) // optional: older facts have pairs
      A.push_back(S.Owner);
    W.value(std::move(A));
  }
  W.arrayEnd();
  W.attributeEnd();
  W.attribute("format", "parcheck-facts-1");
  W.attributeBegin("functions");
  W.arrayBegin();
  for (const FunctionFacts &Fn : F.Functions) {
    json::Array Acc, Calls, Spawns, Ops;
    Acc.reserve(Fn.Accesses.size());
    Calls.reserve(Fn.Calls.size());
    Ops.reserve(Fn.LockOps.size());
    for (const AccessFact &A : Fn.Accesses)
      Acc.push_back(accessToJ(A));
    json::Array Indirect;
    for (const CallFact &C : Fn.Calls)
      Calls.push_back(toJ(C));
    for (const CallFact &C : Fn.IndirectCalls)
      Indirect.push_back(toJ(C));
    for (const SpawnFact &S : Fn.Spawns)
      Spawns.push_back(toJ(S));
    for (const LockOpFact &O : Fn.LockOps)
      Ops.push_back(json::Object{{"op", int(O.Kind)}, {"lock", toJ(O.Lock)},
                                 {"held", toJ(O.HeldBefore)}, {"at", toJ(O.Where)},
                                 {"multi", O.Multi}, {"ordered", O.Ordered}, {"mayHeld", O.MayHeld},
                                 {"recursive", O.Recursive}, {"loop", O.InLoop},
                                 {"pred", O.Pred}, {"instance", O.Instance.str()},
                                 {"cond", O.Cond.str()},
                                 {"live", toJ(O.Live)},
                                 {"mayBefore", toJ(O.MayHeldBefore)}});
    for (size_t I = 0; I < Fn.LockOps.size(); ++I)
      if (Fn.LockOps[I].Retake)
        (*Ops[I].getAsObject())["retake"] = true;
    json::Array Syncs;
    for (const SyncFact &S : Fn.Syncs) {
      json::Object J{{"loc", S.Loc.str()}, {"release", S.Release}, {"spin", S.Spin},
                     {"loop", S.InLoop}, {"at", toJ(S.Where)}};
      if (S.ToZero)
        J["toZero"] = true;
      Syncs.push_back(std::move(J));
    }
    json::Array EscParams;
    for (unsigned I : Fn.EscapingParams)
      EscParams.push_back(int64_t(I));
    json::Array Exits;
    for (const ExitFact &E : Fn.Exits)
      Exits.push_back(json::Object{{"at", toJ(E.Where)}, {"held", toJ(E.Held)}});
    json::Value FnJ = json::Object{{"usr", Fn.Usr}, {"name", Fn.Name}, {"at", toJ(Fn.Where)},
                               {"main", Fn.IsMain}, {"params", toJ(Fn.ParamNames)},
                               {"liveAtExit", toJ(Fn.LiveAtExit)},
                               {"accesses", std::move(Acc)}, {"calls", std::move(Calls)},
                               {"spawns", std::move(Spawns)}, {"lockops", std::move(Ops)},
                               {"exits", std::move(Exits)},
                               {"joins", joinsToJ(Fn.Joins)},
                               {"syncs", std::move(Syncs)},
                               {"escapingParams", std::move(EscParams)},
                               {"argOnlyLocals", toJ(Fn.ArgOnlyLocals)},
                               {"indirectCalls", std::move(Indirect)},
                               {"annotatedAcquire", Fn.AnnotatedAcquire},
                               {"lockTargets", [&] {
                                  json::Array A;
                                  for (const auto &[L, T] : Fn.LockTargets)
                                    A.push_back(json::Array{L.str(), toJ(T)});
                                  return A;
                                }()}};
    if (!Fn.EntryHeld.empty())
      (*FnJ.getAsObject())["entryHeld"] = toJ(Fn.EntryHeld);
    if (!Fn.Counts.empty()) {
      json::Array Counts;
      for (const CountFact &C : Fn.Counts) {
        json::Object CO{{"op", int64_t(C.K)}, {"counter", C.Counter.str()}, {"at", toJ(C.Where)},
                        {"held", toJ(C.Held)}};
        if (C.End.valid())
          CO["end"] = toJ(C.End);
        Counts.push_back(std::move(CO));
      }
      (*FnJ.getAsObject())["counts"] = std::move(Counts);
    }
    if (!Fn.StateArms.empty() || !Fn.StateWrites.empty() || !Fn.ValueCalls.empty())
      (*FnJ.getAsObject())["states"] = statesJ(Fn);
    if (!Fn.KeptHeaps.empty())
      (*FnJ.getAsObject())["keptHeaps"] = keptHeapsToJ(Fn.KeptHeaps);
    if (Fn.ReturnsFresh)
      (*FnJ.getAsObject())["returnsFresh"] = true;
    if (!Fn.GlobalCells.empty())
      (*FnJ.getAsObject())["globalCells"] = toJ(Fn.GlobalCells);
    if (!Fn.ActivationHeaps.empty())
      (*FnJ.getAsObject())["activationHeaps"] = toJ(Fn.ActivationHeaps);
    if (!Fn.NamingCuts.empty())
      (*FnJ.getAsObject())["namingCuts"] = namingCutsToJ(Fn.NamingCuts);
    if (!Fn.Phases.empty())
      (*FnJ.getAsObject())["phases"] = phasesToJ(Fn.Phases, Fn.Where.File);
    auto Links = [](const std::vector<std::pair<unsigned, Id>> &V) {
      json::Array A;
      for (const auto &[I, L] : V)
        A.push_back(json::Array{int64_t(I), L.str()});
      return A;
    };
    if (!Fn.LinkedParams.empty())
      (*FnJ.getAsObject())["linkedParams"] = Links(Fn.LinkedParams);
    if (!Fn.EnqueuedParams.empty())
      (*FnJ.getAsObject())["enqueuedParams"] = Links(Fn.EnqueuedParams);
    if (!Fn.TakeLinks.empty())
      (*FnJ.getAsObject())["takeLinks"] = toJ(Fn.TakeLinks);
    if (!Fn.OriginFlows.empty())
      (*FnJ.getAsObject())["originFlows"] = pairsToJ(Fn.OriginFlows);
    W.value(FnJ);
  }
  W.arrayEnd();
  W.attributeEnd();
  W.attribute("lockEffects", lockEffectsToJ(F.LockEffects));
  writeObjectCounts(W, F);
  W.attribute("originFlows", pairsToJ(F.OriginFlows));
  W.attribute("sharedClasses", toJ(F.SharedClasses));
  W.objectEnd();
}

Expected<TUFacts> factsFromJSON(StringRef Text) {
  // The functions are read as parseFastJSON hands them over, each tree freed
  // at once; their reader's first error is replayed where the functions come,
  // so the result and the message are those of reading the whole tree.
  std::vector<FunctionFacts> Streamed;
  Reader RF;
  std::optional<json::Value> Fast = parseFastJSON(
      Text, "functions", [&](json::Value &&FV) { Streamed.push_back(RF.function(FV)); });
  json::Value Doc = nullptr;
  if (Fast) {
    Doc = std::move(*Fast);
  } else {
    Expected<json::Value> V = json::parse(Text);
    if (!V)
      return V.takeError();
    Doc = std::move(*V);
    Streamed.clear();
    RF.Err.clear();
  }
  const json::Value *V = &Doc;
  Reader R;
  TUFacts F;
  const json::Object *Root = R.obj(&*V, "facts");
  if (Root && R.str(Root, "format") != "parcheck-facts-1")
    R.fail("not a parcheck facts file (format)");
  F.MainFile = R.str(Root, "file");
  if (const json::Array *Fns = R.arr(Root, "functions")) {
    for (const json::Value &FV : *Fns)
      F.Functions.push_back(R.function(FV));
    if (Fast) { // the array is empty: its elements were streamed
      if (!RF.Err.empty())
        R.fail(RF.Err);
      F.Functions = std::move(Streamed);
    }
  }
  if (const json::Array *Cs = R.arr(Root, "classes"))
    for (const json::Value &CV : *Cs) {
      const json::Object *O = R.obj(&CV, "class");
      ClassFacts C;
      C.Name = R.str(O, "name");
      C.Fields = R.strings(O, "fields");
      C.Members = R.pairs(O, "members");
      F.Classes.push_back(std::move(C));
    }
  F.SharedClasses = R.strings(Root, "sharedClasses");
  if (Root)
    if (const json::Array *A = Root->getArray("declaredOrders")) // optional: older facts
      for (const json::Value &DV : *A) {
        const json::Object *O = R.obj(&DV, "declared order");
        LockOrderDecl D;
        D.Before = Id::parse(R.str(O, "before"));
        D.After = Id::parse(R.str(O, "after"));
        D.BeforeName = R.str(O, "beforeName");
        D.AfterName = R.str(O, "afterName");
        D.Where = R.loc(O, "at");
        F.DeclaredOrders.push_back(std::move(D));
      }
  for (auto &[P, T] : R.pairs(Root, "aliases"))
    F.Aliases.push_back({Id::parse(P), Id::parse(T)});
  if (Root && Root->getArray("originFlows")) // optional: older facts
    F.OriginFlows = R.pairs(Root, "originFlows");
  if (Root)
    if (const json::Array *A = Root->getArray("fnStores")) // optional: older facts
      for (const json::Value &V : *A) {
        const json::Array *P = V.getAsArray();
        if (!P || P->size() < 2 || P->size() > 3 || !(*P)[0].getAsString() ||
            (P->size() == 3 && !(*P)[2].getAsString())) {
          R.fail("malformed 'fnStores'");
          continue;
        }
        F.FnStores.push_back({Id::parse(*(*P)[0].getAsString()), R.fnValue((*P)[1]),
                              P->size() == 3 ? (*P)[2].getAsString()->str() : std::string()});
      }
  if (Root && Root->getArray("copiedRecords")) // optional: older facts
    F.CopiedRecords = R.strings(Root, "copiedRecords");
  if (Root && Root->getArray("objectSites")) // optional: older facts
    F.ObjectSites = R.pairs(Root, "objectSites");
  if (Root && Root->getArray("manyObjects")) // optional: older facts
    F.ManyObjects = R.strings(Root, "manyObjects");
  if (Root && Root->getArray("oneObjectNodes")) // optional: older facts
    F.OneObjectNodes = R.strings(Root, "oneObjectNodes");
  if (Root && Root->getArray("globalCells")) // optional: older facts
    F.GlobalCells = R.strings(Root, "globalCells");
  if (Root)
    if (const json::Array *A = Root->getArray("descriptors")) // optional: older facts
      F.Descriptors = R.descriptors(*A);
  if (Root)
    if (const json::Array *A = Root->getArray("lockEffects")) // optional: older facts
      F.LockEffects = R.lockEffects(*A);
  if (!R.Err.empty())
    return createStringError(inconvertibleErrorCode(), "malformed facts: %s", R.Err.c_str());
  return F;
}

} // namespace parcheck
