//===- FactsWrite.cpp - facts to JSON, printed as they are walked ---------===//
//
// The facts JSON is printed straight from the facts: no json::Value tree is
// built (a tree per function cost a tenth of a cold 50,000-function run: an
// allocation per object, member and string, and every object's keys sorted
// as it was printed). Each object's members are written in the order
// json::Value prints them (its keys sorted by their bytes), so the bytes are
// those llvm::json wrote before: FactsWriteTest checks this for every member
// by parsing what is written and printing it again with llvm::json.
//
//===----------------------------------------------------------------------===//
#include "facts/FactsIO.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <tuple>
#include <type_traits>

using namespace llvm;

namespace parcheck {
namespace {

/// How many bytes S starts with that are printed as they are and need no
/// UTF-8 check: ASCII other than control characters, '"' and '\\'. Eight
/// bytes at a time (any byte < 0x20, == '"', == '\\' or >= 0x80 in a word
/// sends it to the byte loop).
size_t plainPrefix(StringRef S) {
  constexpr uint64_t Ones = 0x0101010101010101ULL, Highs = 0x8080808080808080ULL;
  auto HasZero = [&](uint64_t V) { return (V - Ones) & ~V & Highs; };
  size_t I = 0, E = S.size();
  for (; I + 8 <= E; I += 8) {
    uint64_t V;
    std::memcpy(&V, S.data() + I, 8);
    if (((V - Ones * 0x20) | HasZero(V ^ (Ones * '"')) | HasZero(V ^ (Ones * '\\')) | V) &
        Highs)
      break;
  }
  for (; I < E; ++I) {
    unsigned char C = S[I];
    if (C < 0x20 || C == '"' || C == '\\' || C >= 0x80)
      break;
  }
  return I;
}
/// Prefix and S as one JSON string (Prefix is ASCII with nothing to
/// escape; S is UTF-8, its first Plain bytes need no escape).
void quote(raw_ostream &OS, StringRef Prefix, StringRef S, size_t Plain) {
  OS << '"' << Prefix;
  size_t Start = 0;
  for (size_t I = Plain, E = S.size(); I < E; ++I) {
    unsigned char C = S[I];
    if (LLVM_LIKELY(C >= 0x20 && C != '"' && C != '\\'))
      continue;
    OS.write(S.data() + Start, I - Start);
    Start = I + 1;
    OS << '\\';
    switch (C) {
    case '"':
    case '\\':
      OS << C;
      break;
    case '\t':
      OS << 't';
      break;
    case '\n':
      OS << 'n';
      break;
    case '\r':
      OS << 'r';
      break;
    default:
      OS << 'u' << format_hex_no_prefix(C, 4, /*Upper=*/false);
    }
  }
  OS.write(S.data() + Start, S.size() - Start);
  OS << '"';
}

} // namespace

void writeJSONString(raw_ostream &OS, StringRef S, StringRef Prefix) {
  size_t Plain = plainPrefix(S);
  if (LLVM_LIKELY(Plain == S.size())) { // the common case: nothing to look at
    OS << '"' << Prefix << S << '"';
    return;
  }
  if (LLVM_UNLIKELY(!json::isUTF8(S))) {
    std::string Fixed = json::fixUTF8(S);
    quote(OS, Prefix, Fixed, plainPrefix(Fixed));
    return;
  }
  quote(OS, Prefix, S, Plain);
}

namespace {

/// Compact JSON, as llvm::json::OStream prints it with no indentation.
/// Strings are checked and repaired as UTF-8 as json::Value does.
class JSONWriter {
public:
  explicit JSONWriter(raw_ostream &OS) : OS(OS) {}

  void arrayBegin() {
    valueBegin();
    OS << '[';
    First = true;
  }
  void arrayEnd() {
    OS << ']';
    First = false;
  }
  void objectBegin() {
    valueBegin();
    OS << '{';
    First = true;
  }
  void objectEnd() {
    OS << '}';
    First = false;
  }
  /// A member's key (a name in the writer's code: nothing to escape); its
  /// value follows.
  void key(StringRef K) {
    if (!First)
      OS << ',';
    OS << '"' << K << "\":";
    First = true; // the value takes no comma
  }
  void string(StringRef S, StringRef Prefix = "") {
    valueBegin();
    writeJSONString(OS, S, Prefix);
  }
  void boolean(bool B) {
    valueBegin();
    OS << (B ? "true" : "false");
  }
  void integer(int64_t N) {
    valueBegin();
    if (N < 0)
      OS << '-';
    digits(N < 0 ? uint64_t(0) - uint64_t(N) : uint64_t(N));
  }
  void unsignedInteger(uint64_t N) {
    valueBegin();
    digits(N);
  }

private:
  /// N in decimal, in one write (raw_ostream's integer printing, with its
  /// styles and separators, was a tenth of the facts' printing: locations
  /// are mostly integers).
  void digits(uint64_t N) {
    char Buf[20];
    char *End = Buf + sizeof(Buf), *P = End;
    do
      *--P = char('0' + N % 10);
    while (N /= 10);
    OS.write(P, size_t(End - P));
  }
  void valueBegin() {
    if (!First)
      OS << ',';
    First = false;
  }
  raw_ostream &OS;
  bool First = true;

public:
  /// The file of the function being written (empty outside one): a location
  /// in it is written without its file (put(SrcLoc)).
  FileName Own;
};

// A value of each kind, as json::Value held it before. The containers are
// declared first: they may hold one another.
template <typename T> void put(JSONWriter &W, const std::vector<T> &V);
template <typename T> void put(JSONWriter &W, const ThinVec<T> &V);
template <typename A, typename B> void put(JSONWriter &W, const std::pair<A, B> &P);
template <typename... T> void put(JSONWriter &W, const std::tuple<T...> &P);
void put(JSONWriter &W, const SrcLoc &L);
void put(JSONWriter &W, const HeldLock &H);
void put(JSONWriter &W, const ObjRef &O);
void put(JSONWriter &W, const LockEffect &E, const std::string *Fn = nullptr);

template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
void put(JSONWriter &W, T N) {
  if constexpr (std::is_same_v<T, bool>)
    W.boolean(N);
  else if constexpr (std::is_signed_v<T>)
    W.integer(int64_t(N));
  else
    W.unsignedInteger(uint64_t(N));
}
void put(JSONWriter &W, const std::string &S) { W.string(S); }
void put(JSONWriter &W, const char *S) { W.string(S); }
void put(JSONWriter &W, const IString &S) { W.string(S.str()); }
void put(JSONWriter &W, const Id &I) { W.string(I.key(), I.prefix()); }

template <typename T> void putRange(JSONWriter &W, const T *B, const T *E) {
  W.arrayBegin();
  for (; B != E; ++B)
    put(W, *B);
  W.arrayEnd();
}
template <typename T> void put(JSONWriter &W, const std::vector<T> &V) {
  putRange(W, V.data(), V.data() + V.size());
}
template <typename T> void put(JSONWriter &W, const ThinVec<T> &V) {
  putRange(W, V.begin(), V.end());
}
template <typename A, typename B> void put(JSONWriter &W, const std::pair<A, B> &P) {
  W.arrayBegin();
  put(W, P.first);
  put(W, P.second);
  W.arrayEnd();
}
template <typename... T> void put(JSONWriter &W, const std::tuple<T...> &P) {
  W.arrayBegin();
  std::apply([&](const auto &...E) { (put(W, E), ...); }, P);
  W.arrayEnd();
}

/// One member, Key: Value.
template <typename T> void member(JSONWriter &W, StringRef Key, const T &V) {
  W.key(Key);
  put(W, V);
}
/// A member written only when it is not empty (optional: older facts have none).
template <typename T> void optional(JSONWriter &W, StringRef Key, const T &V) {
  if (!V.empty())
    member(W, Key, V);
}
void optionalLoc(JSONWriter &W, StringRef Key, const SrcLoc &L) {
  if (L.valid())
    member(W, Key, L);
}
void flag(JSONWriter &W, StringRef Key, bool B) {
  if (B)
    member(W, Key, true);
}
/// An integer member left out when it is 0 (the reader takes a missing one as 0).
void nonZero(JSONWriter &W, StringRef Key, int64_t N) {
  if (N)
    member(W, Key, N);
}
/// An index written only when set (>= 0).
void optionalIndex(JSONWriter &W, StringRef Key, int64_t N) {
  if (N >= 0)
    member(W, Key, N);
}

/// A location: [file, line, col] (and the order inside a macro expansion,
/// when there is one); in the file of the function being written, the file
/// is left out: [line, col] (a function's own locations are most of a TU's
/// facts, and each would repeat its path).
void putLoc(JSONWriter &W, const SrcLoc &L, bool WithFile) {
  W.arrayBegin();
  if (WithFile)
    put(W, L.File);
  put(W, L.Line);
  put(W, unsigned(L.Col));
  if (L.Ord)
    put(W, unsigned(L.Ord));
  W.arrayEnd();
}
void put(JSONWriter &W, const SrcLoc &L) {
  putLoc(W, L, W.Own.empty() || !(L.File == W.Own));
}

void put(JSONWriter &W, const HeldLock &H) {
  W.objectBegin();
  member(W, "at", H.Where);
  member(W, "id", H.Id);
  member(W, "name", H.Name);
  flag(W, "shared", H.Shared);
  W.objectEnd();
}

void put(JSONWriter &W, const ObjRef &O) {
  W.objectBegin();
  member(W, "id", O.Id);
  nonZero(W, "k", int(O.K));
  member(W, "name", O.Name);
  if (!O.Obj.empty()) {
    member(W, "obj", O.Obj);
    member(W, "objName", O.ObjName);
  }
  flag(W, "pi", O.PerInstance);
  W.objectEnd();
}

void put(JSONWriter &W, const FnValue &V) { put(W, std::tie(V.Fn, V.Slot)); }
void put(JSONWriter &W, const FnArg &A) { put(W, std::make_tuple(int64_t(A.Index), std::cref(A.Value))); }
void put(JSONWriter &W, const AccessFact::HandOffCall &C) { put(W, std::tie(C.Param, C.Locked)); }

void put(JSONWriter &W, const CallFact &C) {
  W.objectBegin();
  flag(W, "always", C.Always);
  optional(W, "argObjects", C.ArgObjects);
  optional(W, "argOrigins", C.ArgOrigins);
  if (C.ArgsSeen)
    member(W, "argValues", C.ArgValues);
  optional(W, "args", C.Args);
  member(W, "at", C.Where);
  optional(W, "baseArgs", C.BaseArgs);
  member(W, "callee", C.Callee);
  optional(W, "dropped", C.Dropped);
  optional(W, "fnArgs", C.FnArgs);
  if (!C.FreshArgs.empty())
    member(W, "freshArgs", C.FreshArgs);
  optional(W, "freshMembers", C.FreshMembers);
  if (!C.FreshArgs.empty())
    member(W, "freshVia", C.FreshVia);
  optional(W, "held", C.Held);
  optional(W, "heldIf", C.HeldIf);
  optional(W, "live", C.Live);
  flag(W, "loop", C.InLoop);
  optionalLoc(W, "loopAt", C.LoopStart);
  optional(W, "mayHeld", C.MayHeld);
  optional(W, "memberArgs", C.MemberArgs);
  member(W, "name", C.CalleeName);
  optional(W, "nullArgs", C.NullArgs);
  optional(W, "nullGuards", C.NullGuards);
  optional(W, "numArgs", C.NumArgs);
  flag(W, "once", C.Once);
  optional(W, "paramParts", C.ParamParts);
  flag(W, "rechecked", C.Rechecked);
  optionalLoc(W, "returnAt", C.ReturnAt);
  if (!C.TakenArgs.empty()) {
    member(W, "takenArgs", C.TakenArgs);
    member(W, "takenVia", C.TakenVia);
  }
  optional(W, "through", C.Through);
  optional(W, "throughOwner", C.ThroughOwner);
  W.objectEnd();
}

void put(JSONWriter &W, const AccessFact &A) {
  W.objectBegin();
  member(W, "at", A.Where);
  flag(W, "atomic", A.Atomic);
  optional(W, "beforeEnqueue", A.BeforeEnqueue);
  optional(W, "beforeHandOff", A.BeforeHandOff);
  optional(W, "byCallee", A.ByCallee);
  flag(W, "cls", A.ClassLevel);
  if (!A.Container.empty())
    member(W, "container", std::tie(A.Embed, A.Container));
  flag(W, "countsDown", A.CountsDown);
  optional(W, "derivedMember", A.DerivedMember);
  optionalIndex(W, "derivedParam", A.DerivedParam);
  optional(W, "dropped", A.Dropped);
  optional(W, "field", A.Field);
  flag(W, "fresh", A.Fresh);
  if (!A.FreshMemberOf.empty()) {
    member(W, "freshMember", A.FreshMember);
    member(W, "freshMemberOf", A.FreshMemberOf);
  }
  flag(W, "handoff", !A.Fresh && A.HandedOff);
  optional(W, "held", A.Held);
  flag(W, "idx", A.Indexed);
  optional(W, "live", A.Live);
  member(W, "loc", A.Loc);
  member(W, "name", A.Name);
  flag(W, "noHandOver", A.NoHandOver);
  optional(W, "nullGuards", A.NullGuards);
  if (A.NumberGuard != -1) {
    member(W, "numberGuard", int64_t(A.NumberGuard));
    member(W, "numberValue", A.NumberValue);
  }
  optional(W, "origin", A.Origin);
  // Entry to exit with no event between (the most common) is left out: the
  // reader restores it in a function with Phases.
  static const std::vector<int> Edge{-1};
  if ((!A.PhasePrev.empty() || !A.PhaseNext.empty()) &&
      (A.PhasePrev != Edge || A.PhaseNext != Edge))
    member(W, "phase", std::tie(A.PhasePrev, A.PhaseNext));
  optionalIndex(W, "phaseSerial", A.PhaseSerial);
  optional(W, "rec", A.Record);
  flag(W, "refMember", A.RefMember);
  optionalIndex(W, "regBase", A.RegBase);
  if (A.SlotArg >= 0) {
    member(W, "slotArg", int64_t(A.SlotArg));
    member(W, "slotAt", A.SlotSpawn);
    flag(W, "slotFresh", A.SlotFresh);
  }
  if (A.SlotIndex != -1)
    member(W, "slotIndex", int64_t(A.SlotIndex));
  if (A.Fresh || A.HandedOff)
    member(W, "via", A.FreshVia);
  optionalIndex(W, "viaParam", A.ViaParam);
  flag(W, "w", A.Write);
  W.objectEnd();
}

void put(JSONWriter &W, const SpawnFact &S) {
  W.objectBegin();
  member(W, "api", S.Api);
  optional(W, "args", S.Args);
  member(W, "at", S.Where);
  member(W, "entry", S.Entry);
  optional(W, "entrySlot", S.EntrySlot);
  optional(W, "escapes", S.Escapes);
  member(W, "handle", S.Handle);
  flag(W, "joinedInLoop", S.JoinedInSameLoop);
  optional(W, "live", S.LiveAtSpawn);
  flag(W, "loop", S.InLoop);
  member(W, "name", S.EntryName);
  optional(W, "refBinds", S.RefBinds);
  optional(W, "shared", S.SharedHandle);
  W.objectEnd();
}

void put(JSONWriter &W, const LockOpFact &O) {
  W.objectBegin();
  member(W, "at", O.Where);
  optional(W, "cond", O.Cond);
  optional(W, "held", O.HeldBefore);
  optional(W, "instance", O.Instance);
  optional(W, "live", O.Live);
  member(W, "lock", O.Lock);
  flag(W, "loop", O.InLoop);
  optional(W, "mayBefore", O.MayHeldBefore);
  flag(W, "mayHeld", O.MayHeld);
  flag(W, "multi", O.Multi);
  nonZero(W, "op", int(O.Kind));
  flag(W, "ordered", O.Ordered);
  flag(W, "pred", O.Pred);
  flag(W, "recursive", O.Recursive);
  flag(W, "retake", O.Retake);
  W.objectEnd();
}

void put(JSONWriter &W, const SyncFact &S) {
  W.objectBegin();
  member(W, "at", S.Where);
  member(W, "loc", S.Loc);
  flag(W, "loop", S.InLoop);
  flag(W, "release", S.Release);
  flag(W, "spin", S.Spin);
  flag(W, "toZero", S.ToZero);
  W.objectEnd();
}

void put(JSONWriter &W, const ExitFact &E) {
  W.objectBegin();
  member(W, "at", E.Where);
  optional(W, "held", E.Held);
  W.objectEnd();
}

void put(JSONWriter &W, const JoinFact &J) {
  W.objectBegin();
  member(W, "at", J.Where);
  member(W, "handle", J.Handle);
  optionalLoc(W, "returnAt", J.ReturnAt);
  W.objectEnd();
}

void put(JSONWriter &W, const CountFact &C) {
  W.objectBegin();
  member(W, "at", C.Where);
  member(W, "counter", C.Counter);
  optionalLoc(W, "end", C.End);
  optional(W, "held", C.Held);
  nonZero(W, "op", int64_t(C.K));
  W.objectEnd();
}

void put(JSONWriter &W, const ValueSrc &V) {
  W.objectBegin();
  if (V.K == ValueSrc::Const)
    member(W, "c", int64_t(V.C));
  member(W, "k", int(V.K));
  optional(W, "name", V.Name);
  if (V.K == ValueSrc::Param)
    member(W, "param", int64_t(V.Index));
  W.objectEnd();
}

void put(JSONWriter &W, const ValueGuard &G) {
  W.objectBegin();
  member(W, "c", int64_t(G.C));
  member(W, "eq", G.Eq);
  optional(W, "field", G.Field);
  member(W, "param", int64_t(G.Param));
  W.objectEnd();
}

void put(JSONWriter &W, const StateArm &A) {
  W.objectBegin();
  member(W, "begin", A.Begin);
  member(W, "end", A.End);
  member(W, "field", A.Field);
  member(W, "param", int64_t(A.Param));
  member(W, "values", A.Values);
  W.objectEnd();
}

void put(JSONWriter &W, const StateWrite &S) {
  W.objectBegin();
  member(W, "at", S.Where);
  member(W, "field", S.Field);
  optional(W, "guards", S.Guards);
  optionalIndex(W, "obj", S.Obj);
  member(W, "value", S.Value);
  W.objectEnd();
}

void put(JSONWriter &W, const ValueCall &C) {
  W.objectBegin();
  member(W, "args", C.Args);
  member(W, "at", C.Where);
  member(W, "callee", C.Callee);
  optional(W, "guards", C.Guards);
  optional(W, "objs", C.Objs);
  W.objectEnd();
}

/// FunctionFacts::NamingCuts; a cut from the entry has "naming": -1.
void put(JSONWriter &W, const FunctionFacts::NamingCut &C) {
  W.objectBegin();
  member(W, "accesses", C.Accesses);
  member(W, "calls", C.Calls);
  member(W, "cut", int64_t(C.Cut));
  member(W, "naming",
         C.Naming == FunctionFacts::NamingCut::Entry ? int64_t(-1) : int64_t(C.Naming));
  W.objectEnd();
}

/// FunctionFacts::Phases: {"waits": [ids], "calls": [[at, prev, next,
/// event]], "entry": next, "exit": prev}; a call's place in the function's
/// own file is [line, col].
void putPhases(JSONWriter &W, const FunctionFacts::PhaseFacts &Ph, const FileName &Own) {
  W.objectBegin();
  W.key("calls");
  W.arrayBegin();
  for (const FunctionFacts::PhaseCall &C : Ph.Calls) {
    W.arrayBegin();
    if (C.Where.File == Own)
      put(W, std::make_pair(C.Where.Line, unsigned(C.Where.Col)));
    else
      put(W, C.Where);
    put(W, C.Prev);
    put(W, C.Next);
    put(W, C.Event);
    W.arrayEnd();
  }
  W.arrayEnd();
  member(W, "entry", Ph.EntryNext);
  member(W, "exit", Ph.ExitPrev);
  member(W, "waits", Ph.Waits);
  W.objectEnd();
}

/// The state-machine facts of a function (Facts.h StateArm, StateWrite,
/// ValueCall).
void putStates(JSONWriter &W, const FunctionFacts &Fn) {
  W.objectBegin();
  member(W, "arms", Fn.StateArms);
  member(W, "calls", Fn.ValueCalls);
  member(W, "writes", Fn.StateWrites);
  W.objectEnd();
}

void put(JSONWriter &W, const FunctionFacts &Fn) {
  // The function's own locations are written without their file; its own
  // place (its "at") with it, which is what the reader resolves them by.
  FileName Outer = W.Own;
  W.Own = Fn.Where.File;
  W.objectBegin();
  optional(W, "accesses", Fn.Accesses);
  optional(W, "activationHeaps", Fn.ActivationHeaps);
  flag(W, "annotatedAcquire", Fn.AnnotatedAcquire);
  optional(W, "argOnlyLocals", Fn.ArgOnlyLocals);
  W.key("at");
  putLoc(W, Fn.Where, /*WithFile=*/true);
  optional(W, "calls", Fn.Calls);
  optional(W, "counts", Fn.Counts);
  optional(W, "enqueuedParams", Fn.EnqueuedParams);
  optional(W, "entryHeld", Fn.EntryHeld);
  optional(W, "escapingParams", Fn.EscapingParams);
  optional(W, "exits", Fn.Exits);
  optional(W, "globalCells", Fn.GlobalCells);
  optional(W, "indirectCalls", Fn.IndirectCalls);
  optional(W, "joins", Fn.Joins);
  optional(W, "keptHeaps", Fn.KeptHeaps);
  optional(W, "linkedParams", Fn.LinkedParams);
  optional(W, "liveAtExit", Fn.LiveAtExit);
  optional(W, "lockTargets", Fn.LockTargets);
  optional(W, "lockops", Fn.LockOps);
  flag(W, "main", Fn.IsMain);
  member(W, "name", Fn.Name);
  optional(W, "namingCuts", Fn.NamingCuts);
  optional(W, "originFlows", Fn.OriginFlows);
  optional(W, "params", Fn.ParamNames);
  if (!Fn.Phases.empty()) {
    W.key("phases");
    putPhases(W, Fn.Phases, Fn.Where.File);
  }
  flag(W, "returnsFresh", Fn.ReturnsFresh);
  optional(W, "spawns", Fn.Spawns);
  if (!Fn.StateArms.empty() || !Fn.StateWrites.empty() || !Fn.ValueCalls.empty()) {
    W.key("states");
    putStates(W, Fn);
  }
  optional(W, "syncs", Fn.Syncs);
  optional(W, "takeLinks", Fn.TakeLinks);
  member(W, "usr", Fn.Usr);
  W.objectEnd();
  W.Own = Outer;
}

void put(JSONWriter &W, const LockOrderDecl &D) {
  W.objectBegin();
  member(W, "after", D.After);
  member(W, "afterName", D.AfterName);
  member(W, "at", D.Where);
  member(W, "before", D.Before);
  member(W, "beforeName", D.BeforeName);
  W.objectEnd();
}

void put(JSONWriter &W, const DescriptorFact &D) {
  W.objectBegin();
  member(W, "consts", D.Consts);
  member(W, "fixed", D.Fixed);
  member(W, "fns", D.Fns);
  W.objectEnd();
}

void put(JSONWriter &W, const ValueEffect &V) {
  W.objectBegin();
  member(W, "clone", V.Clone);
  W.key("effect");
  put(W, V.Effect);
  member(W, "param", int64_t(V.Param));
  member(W, "value", V.Value);
  W.objectEnd();
}

/// A lock effect; a LockEffectFact's also names its function (Fn).
void put(JSONWriter &W, const LockEffect &E, const std::string *Fn) {
  W.objectBegin();
  optional(W, "acquires", E.Acquires);
  optional(W, "byValue", E.ByValue);
  if (Fn)
    member(W, "fn", *Fn);
  optional(W, "releases", E.Releases);
  optional(W, "returns", E.Returns);
  optional(W, "tryOnNonZero", E.TryOnNonZero);
  optional(W, "tryOnZero", E.TryOnZero);
  W.objectEnd();
}

void put(JSONWriter &W, const LockEffectFact &E) { put(W, E, &E.Fn); }

void put(JSONWriter &W, const ClassFacts &C) {
  W.objectBegin();
  member(W, "fields", C.Fields);
  member(W, "members", C.Members);
  member(W, "name", C.Name);
  W.objectEnd();
}

void put(JSONWriter &W, const FnStore &S) {
  W.arrayBegin();
  put(W, S.Slot);
  put(W, S.Value);
  if (!S.Owner.empty()) // optional: older facts have pairs
    put(W, S.Owner);
  W.arrayEnd();
}

} // namespace

std::string lockEffectsToJSON(const std::vector<LockEffectFact> &V) {
  std::string Out;
  raw_string_ostream OS(Out);
  JSONWriter W(OS);
  put(W, V);
  OS.flush();
  return Out;
}

std::string factsToJSON(const TUFacts &F) {
  std::string Out;
  raw_string_ostream OS(Out);
  writeFactsJSON(F, OS);
  OS.flush();
  return Out;
}

void writeFactsJSON(const TUFacts &F, raw_ostream &OS) {
  JSONWriter W(OS);
  W.objectBegin();
  member(W, "aliases", F.Aliases);
  member(W, "classes", F.Classes);
  optional(W, "copiedRecords", F.CopiedRecords);
  member(W, "declaredOrders", F.DeclaredOrders);
  optional(W, "descriptors", F.Descriptors);
  member(W, "file", F.MainFile);
  member(W, "fnStores", F.FnStores);
  member(W, "format", "parcheck-facts-2");
  member(W, "functions", F.Functions);
  member(W, "lockEffects", F.LockEffects);
  optional(W, "manyObjects", F.ManyObjects);
  optional(W, "objectSites", F.ObjectSites);
  optional(W, "oneObjectNodes", F.OneObjectNodes);
  optional(W, "globalCells", F.GlobalCells);
  member(W, "originFlows", F.OriginFlows);
  member(W, "sharedClasses", F.SharedClasses);
  W.objectEnd();
}

} // namespace parcheck
