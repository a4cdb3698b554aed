//===- FactsIO.cpp - facts from JSON (FactsWrite.cpp writes them) ---------===//
#include "facts/FactsIO.h"
#include "facts/FastJSON.h"

#include "llvm/Support/JSON.h"

using namespace llvm;
namespace fj = parcheck::fastjson;

namespace parcheck {
namespace {

/// O's integer array Key (optional: older facts have none); an element that
/// is not an integer reads as Default.
std::vector<int> intsOf(const fj::Object *O, llvm::StringRef Key, int Default = 0) {
  std::vector<int> Out;
  if (O)
    if (const fj::Array *A = O->getArray(Key))
      for (const fj::Value &I : *A)
        Out.push_back(int(I.getAsInteger().value_or(Default)));
  return Out;
}

/// The ints of a JSON array (AccessFact::PhasePrev/Next).
std::vector<int> intsOf(const fj::Value &V) {
  std::vector<int> Out;
  if (const fj::Array *A = V.getAsArray())
    for (const fj::Value &I : *A)
      Out.push_back(int(I.getAsInteger().value_or(-1)));
  return Out;
}

// Reading: a small cursor that records the first error.
//
// Format 2 leaves out a member that is false, empty or 0 (FactsWrite.cpp:
// flag, optional, nonZero): a missing boolean, array or such string reads as
// that. A member of the wrong type is still an error, and so is a missing
// one that has no default (a function's usr, name and place, a lock's id).
struct Reader {
  std::string Err;
  /// The file of the function being read: its locations written without one
  /// are in it (FactsWrite.cpp, put(SrcLoc)).
  FileName Own;

  void fail(const Twine &Why) {
    if (Err.empty())
      Err = Why.str();
  }
  const fj::Object *obj(const fj::Value *V, StringRef What) {
    const fj::Object *O = V ? V->getAsObject() : nullptr;
    if (!O)
      fail("expected an object for '" + What + "'");
    return O;
  }
  /// O's array Key; null when it is missing (empty).
  const fj::Array *arr(const fj::Object *O, StringRef Key) {
    const fj::Value *V = O ? O->get(Key) : nullptr;
    if (!V)
      return nullptr;
    const fj::Array *A = V->getAsArray();
    if (!A)
      fail("'" + Key + "' is not an array");
    return A;
  }
  std::string str(const fj::Object *O, StringRef Key) {
    if (!O)
      return {};
    if (auto S = O->getString(Key))
      return S->str();
    fail("missing string '" + Key + "'");
    return {};
  }
  /// O's member Key as As reads it (a fj::Value getter), or T() when it is
  /// missing; a member of another type is an error.
  template <typename T, typename AsFn>
  T orDefault(const fj::Object *O, StringRef Key, AsFn As, StringRef Type) {
    const fj::Value *V = O ? O->get(Key) : nullptr;
    if (!V)
      return T();
    if (auto X = As(*V))
      return T(*X);
    fail("'" + Key + "' is not " + Type);
    return T();
  }
  /// O's string Key, which may be missing (empty).
  std::string text(const fj::Object *O, StringRef Key) {
    return orDefault<std::string>(O, Key, [](const fj::Value &V) { return V.getAsString(); },
                                  "a string");
  }
  /// O's boolean Key; false when it is missing.
  bool boolean(const fj::Object *O, StringRef Key) {
    return orDefault<bool>(O, Key, [](const fj::Value &V) { return V.getAsBoolean(); },
                           "a boolean");
  }
  int64_t integer(const fj::Object *O, StringRef Key) {
    if (!O)
      return 0;
    if (auto I = O->getInteger(Key))
      return *I;
    fail("missing integer '" + Key + "'");
    return 0;
  }
  /// O's integer Key; 0 when it is missing.
  int64_t number(const fj::Object *O, StringRef Key) {
    return orDefault<int64_t>(O, Key, [](const fj::Value &V) { return V.getAsInteger(); },
                              "an integer");
  }
  /// [file, line, col] or, in the file of the function being read,
  /// [line, col]; either with the order inside a macro expansion after it.
  SrcLoc loc(const fj::Value *V) {
    SrcLoc L;
    const fj::Array *A = V ? V->getAsArray() : nullptr;
    bool InOwn = A && !A->empty() && (*A)[0].getAsInteger() && !Own.empty();
    size_t At = InOwn ? 0 : 1; // where the line is
    if (!A || (A->size() != At + 2 && A->size() != At + 3)) {
      fail("malformed location");
      return L;
    }
    if (InOwn)
      L.File = Own;
    else if (auto S = (*A)[0].getAsString())
      L.File = *S;
    L.Line = unsigned((*A)[At].getAsInteger().value_or(0));
    L.Col = std::min(unsigned((*A)[At + 1].getAsInteger().value_or(0)), SrcLoc::MaxCol);
    if (A->size() == At + 3) // optional: the order inside a macro expansion
      L.Ord = std::min(unsigned((*A)[At + 2].getAsInteger().value_or(0)), SrcLoc::MaxOrd);
    return L;
  }
  SrcLoc loc(const fj::Object *O, StringRef Key) { return loc(O ? O->get(Key) : nullptr); }
  ValueSrc value(const fj::Value &V) {
    ValueSrc X;
    const fj::Object *O = obj(&V, "value");
    X.K = ValueSrc::Kind(integer(O, "k"));
    if (O) {
      X.C = O->getInteger("c").value_or(0);
      X.Index = int(O->getInteger("param").value_or(-1));
      if (auto N = O->getString("name"))
        X.Name = N->str();
    }
    return X;
  }
  std::vector<ValueGuard> guards(const fj::Object *O) {
    std::vector<ValueGuard> Gs;
    if (const fj::Array *A = O ? O->getArray("guards") : nullptr)
      for (const fj::Value &V : *A) {
        const fj::Object *GO = obj(&V, "guard");
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
  void readStates(const fj::Object *SO, FunctionFacts &Fn) {
    if (const fj::Array *A = SO->getArray("arms"))
      for (const fj::Value &V : *A) {
        const fj::Object *O = obj(&V, "arm");
        StateArm X;
        X.Begin = loc(O, "begin");
        X.End = loc(O, "end");
        X.Param = int(integer(O, "param"));
        X.Field = str(O, "field");
        if (const fj::Array *Vs = O ? O->getArray("values") : nullptr)
          for (const fj::Value &E : *Vs)
            X.Values.push_back(E.getAsInteger().value_or(0));
        Fn.StateArms.push_back(std::move(X));
      }
    if (const fj::Array *A = SO->getArray("writes"))
      for (const fj::Value &V : *A) {
        const fj::Object *O = obj(&V, "write");
        StateWrite X;
        X.Field = str(O, "field");
        if (O && O->get("value"))
          X.Value = value(*O->get("value"));
        X.Where = loc(O, "at");
        X.Obj = O ? int(O->getInteger("obj").value_or(-1)) : -1;
        X.Guards = guards(O);
        Fn.StateWrites.push_back(std::move(X));
      }
    if (const fj::Array *A = SO->getArray("calls"))
      for (const fj::Value &V : *A) {
        const fj::Object *O = obj(&V, "call");
        ValueCall X;
        X.Callee = str(O, "callee");
        X.Where = loc(O, "at");
        if (const fj::Array *As = O ? O->getArray("args") : nullptr)
          for (const fj::Value &E : *As)
            X.Args.push_back(value(E));
        X.Objs = intsOf(O, "objs", -1);
        X.Guards = guards(O);
        Fn.ValueCalls.push_back(std::move(X));
      }
  }
  HeldLock held(const fj::Value &V) {
    HeldLock H;
    const fj::Object *O = obj(&V, "lock");
    H.Id = Id::parse(str(O, "id"));
    H.Name = str(O, "name");
    H.Shared = boolean(O, "shared");
    H.Where = loc(O, "at");
    return H;
  }
  LockSet locks(const fj::Object *O, StringRef Key) {
    LockSet S;
    if (const fj::Array *A = arr(O, Key))
      for (const fj::Value &V : *A)
        S.push_back(held(V));
    return S;
  }
  void lockEffect(const fj::Object *O, LockEffect &E) {
    E.Acquires = locks(O, "acquires");
    E.Releases = locks(O, "releases");
    E.TryOnZero = locks(O, "tryOnZero");
    E.TryOnNonZero = locks(O, "tryOnNonZero");
    if (O && O->getArray("returns")) // optional: facts of earlier versions
      E.Returns = locks(O, "returns");
    if (const fj::Array *B = O ? O->getArray("byValue") : nullptr) // optional
      for (const fj::Value &V : *B) {
        const fj::Object *VO = obj(&V, "value effect");
        ValueEffect X;
        X.Param = unsigned(VO ? VO->getInteger("param").value_or(0) : 0);
        X.Value = VO ? VO->getInteger("value").value_or(0) : 0;
        X.Clone = str(VO, "clone");
        lockEffect(obj(VO ? VO->get("effect") : nullptr, "value effect"), X.Effect);
        E.ByValue.push_back(std::move(X));
      }
  }
  std::vector<LockEffectFact> lockEffects(const fj::Array &A) {
    std::vector<LockEffectFact> R;
    for (const fj::Value &V : A) {
      const fj::Object *O = obj(&V, "lock effect");
      LockEffectFact E;
      E.Fn = str(O, "fn");
      lockEffect(O, E);
      R.push_back(std::move(E));
    }
    return R;
  }
  std::vector<std::string> strings(const fj::Object *O, StringRef Key) {
    std::vector<std::string> R;
    if (const fj::Array *A = arr(O, Key))
      for (const fj::Value &V : *A)
        if (auto S = V.getAsString())
          R.push_back(S->str());
    return R;
  }
  std::vector<Id> ids(const fj::Object *O, StringRef Key) {
    std::vector<Id> R;
    for (const std::string &S : strings(O, Key))
      R.push_back(Id::parse(S));
    return R;
  }
  /// An array of [string, string] pairs (pairsToJ and aliasesToJ write them).
  std::vector<std::pair<std::string, std::string>> pairs(const fj::Object *O, StringRef Key) {
    std::vector<std::pair<std::string, std::string>> R;
    if (const fj::Array *A = arr(O, Key))
      for (const fj::Value &V : *A) {
        const fj::Array *P = V.getAsArray();
        if (!P || P->size() != 2 || !(*P)[0].getAsString() || !(*P)[1].getAsString()) {
          fail("malformed pair in '" + Key + "'");
          continue;
        }
        R.push_back({(*P)[0].getAsString()->str(), (*P)[1].getAsString()->str()});
      }
    return R;
  }

  ObjRef objRef(const fj::Value &V, StringRef What) {
    const fj::Object *E = obj(&V, What);
    ObjRef X;
    X.K = ObjRef::Kind(number(E, "k"));
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
  std::vector<ObjRef> objs(const fj::Object *O, StringRef Key) {
    std::vector<ObjRef> R;
    if (const fj::Array *A = arr(O, Key))
      for (const fj::Value &V : *A)
        R.push_back(objRef(V, Key));
    return R;
  }

  FnValue fnValue(const fj::Value &V) {
    FnValue X;
    const fj::Array *A = V.getAsArray();
    if (!A || A->size() != 2 || !(*A)[0].getAsString() || !(*A)[1].getAsString()) {
      fail("malformed function value");
      return X;
    }
    X.Fn = (*A)[0].getAsString()->str();
    X.Slot = Id::parse(*(*A)[1].getAsString());
    return X;
  }

  /// argStringsToJ's pairs under Key (absent: none); malformed entries skipped.
  std::vector<std::pair<unsigned, std::string>> argStrings(const fj::Object *O, StringRef Key) {
    std::vector<std::pair<unsigned, std::string>> Out;
    if (const fj::Array *A = O ? O->getArray(Key) : nullptr)
      for (const fj::Value &V : *A)
        if (const fj::Array *P = V.getAsArray(); P && P->size() == 2)
          if (std::optional<StringRef> S = (*P)[1].getAsString())
            Out.push_back({unsigned((*P)[0].getAsInteger().value_or(0)), S->str()});
    return Out;
  }

  std::vector<DescriptorFact> descriptors(const fj::Array &A) {
    std::vector<DescriptorFact> Out;
    for (const fj::Value &V : A) {
      const fj::Object *O = obj(&V, "descriptor");
      DescriptorFact D;
      for (auto &[M, Fn] : pairs(O, "fns"))
        D.Fns.push_back({M, Fn});
      if (const fj::Array *C = O ? O->getArray("consts") : nullptr)
        for (const fj::Value &CV : *C) {
          const fj::Array *P = CV.getAsArray();
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

  CallFact call(const fj::Value &CV) {
    const fj::Object *O = obj(&CV, "call");
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
      if (const fj::Array *A = O->getArray("freshArgs")) {
        for (const fj::Value &I : *A)
          X.FreshArgs.push_back(unsigned(I.getAsInteger().value_or(0)));
        X.FreshVia = ids(O, "freshVia");
      }
    // Optional: only on calls handing a local with fresh members.
    X.FreshMembers = argStrings(O, "freshMembers");
    if (O) // optional: older facts have no taken arguments
      if (const fj::Array *A = O->getArray("takenArgs")) {
        for (const fj::Value &I : *A)
          X.TakenArgs.push_back(unsigned(I.getAsInteger().value_or(0)));
        X.TakenVia = ids(O, "takenVia");
      }
    if (O)
      if (const fj::Array *A = O->getArray("paramParts"))
        for (const fj::Value &V : *A)
          if (const fj::Array *P = V.getAsArray(); P && P->size() == 2)
            X.ParamParts.push_back({unsigned((*P)[0].getAsInteger().value_or(0)),
                                    unsigned((*P)[1].getAsInteger().value_or(0))});
    if (O)
      if (const fj::Array *A = O->getArray("memberArgs"))
        for (const fj::Value &V : *A)
          if (const fj::Array *P = V.getAsArray(); P && P->size() == 3)
            if (std::optional<StringRef> M = (*P)[2].getAsString())
              X.MemberArgs.push_back({unsigned((*P)[0].getAsInteger().value_or(0)),
                                      unsigned((*P)[1].getAsInteger().value_or(0)), M->str()});
    if (O)
      if (const fj::Array *A = O->getArray("baseArgs"))
        for (const fj::Value &V : *A)
          if (const fj::Array *P = V.getAsArray(); P && P->size() == 2)
            if (std::optional<StringRef> B = (*P)[1].getAsString())
              X.BaseArgs.push_back({unsigned((*P)[0].getAsInteger().value_or(0)), Id::parse(*B)});
    if (O) // optional: only on indirect calls through a member
      X.ThroughOwner = O->getString("throughOwner").value_or("").str();
    X.ArgObjects = argStrings(O, "argObjects"); // optional: older facts have none
    if (O) // optional: only on indirect calls under a correlated lock
      if (const fj::Array *A = O->getArray("heldIf"))
        for (const fj::Value &V : *A) {
          const fj::Array *P = V.getAsArray();
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
      if (const fj::Array *A = O->getArray("fnArgs"))
        for (const fj::Value &V : *A) {
          const fj::Array *P = V.getAsArray();
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
  AccessFact access(const fj::Value &V) {
    const fj::Object *O = obj(&V, "access");
    AccessFact X;
    X.Loc = Id::parse(str(O, "loc"));
    X.Name = str(O, "name");
    X.Field = text(O, "field");
    X.ClassLevel = boolean(O, "cls");
    X.Write = boolean(O, "w");
    X.Atomic = boolean(O, "atomic");
    X.NoHandOver = O && O->getBoolean("noHandOver").value_or(false); // optional
    X.CountsDown = O && O->getBoolean("countsDown").value_or(false);  // optional
    X.Indexed = boolean(O, "idx");
    X.Record = text(O, "rec");
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
      if (const fj::Array *H = O->getArray("beforeHandOff"))
        for (const fj::Value &V : *H)
          if (const fj::Array *P = V.getAsArray(); P && P->size() == 2)
            if (auto S = (*P)[0].getAsString())
              X.BeforeHandOff.push_back({Id::parse(*S), (*P)[1].getAsBoolean().value_or(false)});
    if (O && O->getArray("beforeEnqueue"))
      X.BeforeEnqueue = ids(O, "beforeEnqueue");
    X.NullGuards = intsOf(O, "nullGuards");
    if (const fj::Array *Ph = O ? O->getArray("phase") : nullptr; Ph && Ph->size() == 2) {
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
      if (const fj::Array *C = O->getArray("container"); C && C->size() == 2)
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
  SpawnFact spawn(const fj::Value &V) {
    const fj::Object *O = obj(&V, "spawn");
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
    if (const fj::Array *B = O ? O->getArray("refBinds") : nullptr) // optional
      for (const fj::Value &V : *B)
        if (const fj::Array *P = V.getAsArray(); P && P->size() == 2)
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
  LockOpFact lockOp(const fj::Value &V) {
    const fj::Object *O = obj(&V, "lockop");
    LockOpFact X;
    X.Kind = LockOpFact::Op(number(O, "op"));
    if (const fj::Value *LV = O ? O->get("lock") : nullptr)
      X.Lock = held(*LV);
    else
      fail("missing 'lock'");
    X.HeldBefore = locks(O, "held");
    X.Where = loc(O, "at");
    X.Multi = boolean(O, "multi");
    if (const fj::Value *OV = O ? O->get("ordered") : nullptr)
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
  void readPhases(const fj::Object &Ph, FunctionFacts &Fn) {
    for (const Id &W : ids(&Ph, "waits"))
      Fn.Phases.Waits.push_back(W);
    if (const fj::Array *Cs = Ph.getArray("calls"))
      for (const fj::Value &CV : *Cs)
        if (const fj::Array *C = CV.getAsArray(); C && C->size() == 4) {
          SrcLoc At;
          if (const fj::Array *L = (*C)[0].getAsArray(); L && L->size() == 2) {
            At.File = Fn.Where.File; // in the function's own file
            At.Line = unsigned((*L)[0].getAsInteger().value_or(0));
            At.Col = std::min(unsigned((*L)[1].getAsInteger().value_or(0)), SrcLoc::MaxCol);
          } else {
            At = loc(&(*C)[0]);
          }
          Fn.Phases.Calls.push_back({At, ThinVec<int>(intsOf((*C)[1])),
                                     ThinVec<int>(intsOf((*C)[2])),
                                     (*C)[3].getAsBoolean().value_or(true)});
        }
    Fn.Phases.EntryNext = intsOf(&Ph, "entry", -1);
    Fn.Phases.ExitPrev = intsOf(&Ph, "exit", -1);
    for (AccessFact &A : Fn.Accesses) // written without: entry to exit
      if (A.PhasePrev.empty() && A.PhaseNext.empty())
        A.PhasePrev = A.PhaseNext = {-1};
  }
  /// FunctionFacts::NamingCuts; indexes past the lists (facts edited by hand) name nothing.
  void readNamingCuts(const fj::Array &A, FunctionFacts &Fn) {
    for (const fj::Value &CV : A) {
      const fj::Object *O = CV.getAsObject();
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
  FunctionFacts function(const fj::Value &V) {
    const fj::Object *FO = obj(&V, "function");
    FunctionFacts Fn;
    Fn.Usr = str(FO, "usr");
    Fn.Name = str(FO, "name");
    Own = FileName();
    Fn.Where = loc(FO, "at"); // with its file
    Own = Fn.Where.File; // what its other locations are relative to
    Fn.IsMain = boolean(FO, "main");
    Fn.AnnotatedAcquire = FO && FO->getBoolean("annotatedAcquire").value_or(false);
    Fn.ReturnsFresh = FO && FO->getBoolean("returnsFresh").value_or(false); // optional
    if (FO && FO->getArray("globalCells")) // optional: older facts
      Fn.GlobalCells = strings(FO, "globalCells");
    Fn.ParamNames = strings(FO, "params");
    Fn.LiveAtExit = strings(FO, "liveAtExit");
    if (const fj::Array *A = arr(FO, "accesses"))
      for (const fj::Value &AV : *A)
        Fn.Accesses.push_back(access(AV));
    if (const fj::Array *A = arr(FO, "calls"))
      for (const fj::Value &CV : *A)
        Fn.Calls.push_back(call(CV));
    if (FO)
      if (const fj::Array *A = FO->getArray("indirectCalls"))
        for (const fj::Value &CV : *A)
          Fn.IndirectCalls.push_back(call(CV));
    if (const fj::Array *A = arr(FO, "spawns"))
      for (const fj::Value &SV : *A)
        Fn.Spawns.push_back(spawn(SV));
    if (const fj::Array *A = arr(FO, "lockops"))
      for (const fj::Value &OV : *A)
        Fn.LockOps.push_back(lockOp(OV));
    if (FO)
      if (const fj::Array *A = FO->getArray("exits"))
        for (const fj::Value &EV : *A) {
          const fj::Object *O = obj(&EV, "exit");
          ExitFact X;
          X.Where = loc(O, "at");
          X.Held = locks(O, "held");
          Fn.Exits.push_back(std::move(X));
        }
    if (FO) { // optional: older facts have none of these
      if (const fj::Array *A = FO->getArray("syncs"))
        for (const fj::Value &SV : *A) {
          const fj::Object *O = obj(&SV, "sync");
          SyncFact X;
          X.Loc = Id::parse(str(O, "loc"));
          X.Release = boolean(O, "release");
          X.Spin = boolean(O, "spin");
          X.ToZero = O && O->getBoolean("toZero").value_or(false); // optional
          X.InLoop = boolean(O, "loop");
          X.Where = loc(O, "at");
          Fn.Syncs.push_back(std::move(X));
        }
      if (const fj::Array *A = FO->getArray("escapingParams"))
        for (const fj::Value &E : *A)
          if (auto I = E.getAsInteger())
            Fn.EscapingParams.push_back(unsigned(*I));
      auto Links = [&](const char *Key, ThinVec<std::pair<unsigned, Id>> &Out) {
        if (const fj::Array *A = FO->getArray(Key))
          for (const fj::Value &E : *A)
            if (const fj::Array *P = E.getAsArray(); P && P->size() == 2)
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
      if (const fj::Array *A = FO->getArray("keptHeaps"))
        for (const fj::Value &KV : *A)
          if (const fj::Array *P = KV.getAsArray(); P && P->size() == 2)
            if (auto H = (*P)[0].getAsString()) {
              std::vector<Id> Vias;
              if (const fj::Array *V = (*P)[1].getAsArray())
                for (const fj::Value &X : *V)
                  if (auto S = X.getAsString())
                    Vias.push_back(Id::parse(*S));
              Fn.KeptHeaps.push_back({Id::parse(*H), ThinVec<Id>(std::move(Vias))});
            }
      if (FO->getArray("activationHeaps")) // optional: older facts
        Fn.ActivationHeaps = ids(FO, "activationHeaps");
      if (const fj::Object *Ph = FO->getObject("phases")) // optional: older facts
        readPhases(*Ph, Fn);
      if (const fj::Array *A = FO->getArray("namingCuts")) // optional: older facts
        readNamingCuts(*A, Fn);
    }
    if (FO)
      if (const fj::Array *A = FO->getArray("joins")) // optional: older facts
        for (const fj::Value &JV : *A) {
          const fj::Object *O = obj(&JV, "join");
          JoinFact X;
          X.Handle = Id::parse(str(O, "handle"));
          X.Where = loc(O, "at");
          if (O && O->get("returnAt"))
            X.ReturnAt = loc(O, "returnAt");
          Fn.Joins.push_back(std::move(X));
        }
    if (FO)
      if (const fj::Array *A = FO->getArray("counts")) // optional: older facts
        for (const fj::Value &CV : *A) {
          const fj::Object *O = obj(&CV, "count");
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
      if (const fj::Object *SO = FO->getObject("states")) // optional: older facts
        readStates(SO, Fn);
    if (FO)
      if (const fj::Array *A = FO->getArray("lockTargets"))
        for (const fj::Value &TV : *A)
          if (const fj::Array *P = TV.getAsArray(); P && P->size() == 2)
            if (auto L = (*P)[0].getAsString())
              Fn.LockTargets.push_back({Id::parse(*L), held((*P)[1])});
    Own = FileName();
    return Fn;
  }
};

} // namespace

Expected<TUFacts> factsFromJSON(StringRef Text) {
  // The functions are read as parseFast hands them over, each tree freed at
  // once; their reader's first error is replayed where the functions come,
  // so the result and the message are those of reading the whole tree.
  std::vector<FunctionFacts> Streamed;
  Reader RF;
  fj::Document Doc;
  bool Fast = fj::parseFast(Text, Doc, "functions", [&](const fj::Value &FV) {
    Streamed.push_back(RF.function(FV));
  });
  if (!Fast) {
    Expected<json::Value> V = json::parse(Text);
    if (!V)
      return V.takeError();
    Doc.Arena.Reset();
    fj::fromLLVM(*V, Doc);
    Streamed.clear();
    RF.Err.clear();
  }
  const fj::Value *V = &Doc.Root;
  Reader R;
  TUFacts F;
  const fj::Object *Root = R.obj(&*V, "facts");
  // Format 1 wrote every member, and every location with its file.
  if (Root)
    if (std::string Format = R.str(Root, "format");
        Format != "parcheck-facts-2" && Format != "parcheck-facts-1")
      R.fail("not a parcheck facts file (format)");
  if (Root && !Root->getArray("functions"))
    R.fail("missing array 'functions'");
  F.MainFile = R.str(Root, "file");
  if (const fj::Array *Fns = R.arr(Root, "functions")) {
    for (const fj::Value &FV : *Fns)
      F.Functions.push_back(R.function(FV));
    if (Fast) { // the array is empty: its elements were streamed
      if (!RF.Err.empty())
        R.fail(RF.Err);
      F.Functions = std::move(Streamed);
    }
  }
  if (const fj::Array *Cs = R.arr(Root, "classes"))
    for (const fj::Value &CV : *Cs) {
      const fj::Object *O = R.obj(&CV, "class");
      ClassFacts C;
      C.Name = R.str(O, "name");
      C.Fields = R.strings(O, "fields");
      C.Members = R.pairs(O, "members");
      F.Classes.push_back(std::move(C));
    }
  F.SharedClasses = R.strings(Root, "sharedClasses");
  if (Root)
    if (const fj::Array *A = Root->getArray("declaredOrders")) // optional: older facts
      for (const fj::Value &DV : *A) {
        const fj::Object *O = R.obj(&DV, "declared order");
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
    if (const fj::Array *A = Root->getArray("fnStores")) // optional: older facts
      for (const fj::Value &V : *A) {
        const fj::Array *P = V.getAsArray();
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
    if (const fj::Array *A = Root->getArray("descriptors")) // optional: older facts
      F.Descriptors = R.descriptors(*A);
  if (Root)
    if (const fj::Array *A = Root->getArray("lockEffects")) // optional: older facts
      F.LockEffects = R.lockEffects(*A);
  if (!R.Err.empty())
    return createStringError(inconvertibleErrorCode(), "malformed facts: %s", R.Err.c_str());
  return F;
}

} // namespace parcheck
