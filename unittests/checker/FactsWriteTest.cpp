// The facts writer (facts/FactsWrite.cpp) prints straight from the facts, each
// object's members in the order llvm::json prints a json::Value's (its keys
// sorted), so that the bytes are those llvm::json would write. Here every
// member the format has is set, and the text is compared with what
// llvm::json prints for the same tree: a member written out of order, a
// number or a string escaped differently shows as a difference.
#include "facts/FactsIO.h"
#include "gtest/gtest.h"

#include <limits>

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace parcheck;

namespace {

const SrcLoc At(int Line) { return SrcLoc("/src/a.c", unsigned(Line), 3); }

HeldLock held(const char *Name, int Line) {
  return {Id(IdKind::Usr, std::string("c:@") + Name), Name, Line % 2 == 0, At(Line)};
}

ObjRef objRef(const char *Name, bool WithObj) {
  ObjRef O;
  O.K = ObjRef::Var;
  O.Id = Id(IdKind::Usr, std::string("c:@") + Name);
  O.Name = Name;
  O.PerInstance = true;
  if (WithObj) {
    O.Obj = Id(IdKind::Heap, "c:@F@make#7");
    O.ObjName = "*p";
  }
  return O;
}

/// A call with every optional member set.
CallFact fullCall() {
  CallFact C;
  C.Callee = "c:@F@callee";
  C.CalleeName = "callee";
  C.Where = At(10);
  C.Held = {held("mu", 9)};
  C.Live = {"t"};
  C.Args = {objRef("x", true), objRef("y", false)};
  C.FreshArgs = {0, 2};
  C.FreshVia = {Id(IdKind::Local, "c:a.c@F@f@p")};
  C.FreshMembers = {{1, "Job::next"}};
  C.TakenArgs = {1};
  C.TakenVia = {Id(IdKind::Field, "Queue::head")};
  C.ParamParts = {{0, 1}};
  C.MemberArgs = {{0, 1, "Job::arg"}};
  C.BaseArgs = {{2, Id(IdKind::Param, "c:@F@f#0")}};
  C.ArgOrigins = {{0, "local:o"}};
  C.ArgValues = {{1, "c:@F@cb"}};
  C.ArgsSeen = true;
  C.InLoop = true;
  C.Always = true;
  C.LoopStart = At(8);
  C.MayHeld = {held("other", 7)};
  C.Dropped = {Id(IdKind::Usr, "c:@dropped")};
  C.Rechecked = true;
  C.FnArgs = {{1, {"c:@F@cb", Id(IdKind::Field, "Ops::run")}}};
  C.Through = Id(IdKind::Field, "Ops::run");
  C.Once = true;
  C.ReturnAt = At(12);
  C.NumArgs = {-1, 4};
  C.NullGuards = {0};
  C.NullArgs = {2};
  C.HeldIf = {{held("mu", 9), "Lock::held", true}};
  C.ThroughOwner = "field:Owner::ops";
  C.ArgObjects = {{0, "heap:c:@F@make#7"}};
  return C;
}

/// An access with every optional member set; Fresh picks "fresh" or
/// "handoff" (one of the two is written).
AccessFact fullAccess(bool Fresh) {
  AccessFact A;
  A.Loc = Id(IdKind::Field, "Account::balance");
  A.Name = "Account::balance";
  A.Field = "Account::balance";
  A.ClassLevel = A.Write = A.Atomic = A.NoHandOver = A.CountsDown = A.Indexed = true;
  A.Record = "Account";
  A.Where = At(20);
  A.Held = {held("mu", 18)};
  A.Live = {"t", "u"};
  A.Fresh = Fresh;
  A.HandedOff = !Fresh;
  A.FreshVia = {Id(IdKind::Local, "c:a.c@F@f@p")};
  A.ViaParam = 1;
  A.DerivedParam = 0;
  A.RefMember = true;
  A.DerivedMember = "Account::next";
  A.FreshMemberOf = Id(IdKind::Param, "c:@F@f#0");
  A.FreshMember = "Job::arg";
  A.RegBase = 2;
  A.SlotSpawn = At(30);
  A.SlotArg = 0;
  A.SlotFresh = true;
  A.SlotIndex = 3;
  A.NumberGuard = 1;
  A.NumberValue = -5;
  A.Dropped = {Id(IdKind::Usr, "c:@dropped")};
  A.ByCallee = "c:@F@callee";
  A.BeforeHandOff = {{Id(IdKind::Param, "c:@F@put#0"), true}};
  A.BeforeEnqueue = {Id(IdKind::Field, "Queue::head")};
  A.PhasePrev = {0};
  A.PhaseNext = {1, 2};
  A.PhaseSerial = 4;
  A.NullGuards = {1};
  A.Origin = "local:o";
  A.Embed = "Account::link";
  A.Container = "List";
  return A;
}

LockEffect effect(int Depth) {
  LockEffect E;
  E.Acquires = {held("a", 1)};
  E.Releases = {held("b", 2)};
  E.TryOnZero = {held("c", 3)};
  E.TryOnNonZero = {held("d", 4)};
  E.Returns = {held("e", 5)};
  if (Depth > 0)
    E.ByValue.push_back({1, 7, effect(Depth - 1), "c:@F@clone"});
  return E;
}

FunctionFacts fullFunction() {
  FunctionFacts F;
  F.Usr = "c:@F@worker";
  F.Name = "worker";
  F.Where = At(2);
  F.IsMain = true;
  F.ParamNames = {"arg", "n"};
  F.LiveAtExit = {"t"};
  F.Accesses = {fullAccess(true), fullAccess(false), AccessFact()};
  F.Calls = {fullCall(), CallFact()};
  SpawnFact S;
  S.Api = "pthread_create";
  S.Entry = "c:@F@run";
  S.EntryName = "run";
  S.Where = At(40);
  S.Handle = "t";
  S.SharedHandle = Id(IdKind::Field, "Pool::thread");
  S.InLoop = S.JoinedInSameLoop = true;
  S.LiveAtSpawn = {"u"};
  S.Args = {objRef("x", false)};
  S.Escapes = {objRef("y", true)};
  S.RefBinds = {{"c:@F@run@r", objRef("z", false)}};
  S.EntrySlot = Id(IdKind::Field, "Task::fn");
  F.Spawns = {S, SpawnFact()};
  LockOpFact L;
  L.Kind = LockOpFact::Wait;
  L.Lock = held("mu", 50);
  L.HeldBefore = {held("outer", 49)};
  L.Where = At(51);
  L.Multi = L.MayHeld = L.Recursive = L.InLoop = L.Pred = L.Ordered = L.Retake = true;
  L.Cond = "cv";
  L.Instance = "q->mu";
  L.Live = {"t"};
  L.MayHeldBefore = {held("maybe", 48)};
  F.LockOps = {L, LockOpFact()};
  F.Exits = {{At(60), {held("mu", 50)}}};
  F.Joins = {{Id(IdKind::Field, "Pool::thread"), At(61), At(62)}, {Id(), At(63), SrcLoc()}};
  SyncFact Y;
  Y.Loc = Id(IdKind::Usr, "c:@flag");
  Y.Release = Y.Spin = Y.ToZero = Y.InLoop = true;
  Y.Where = At(64);
  F.Syncs = {Y, SyncFact()};
  CountFact K;
  K.K = CountFact::Test;
  K.Counter = Id(IdKind::Usr, "c:@n");
  K.Where = At(65);
  K.End = At(66);
  K.Held = {held("mu", 50)};
  F.Counts = {K, CountFact()};
  F.EscapingParams = {0, 1};
  F.LinkedParams = {{0, Id(IdKind::Field, "Job::next")}};
  F.EnqueuedParams = {{1, Id(IdKind::Field, "Queue::head")}};
  F.TakeLinks = {Id(IdKind::Field, "Queue::tail")};
  F.ArgOnlyLocals = {Id(IdKind::Local, "c:a.c@F@worker@buf")};
  F.KeptHeaps = {{Id(IdKind::Heap, "c:@F@make#7"), {Id(IdKind::Param, "c:@F@keep#0")}}};
  F.ActivationHeaps = {Id(IdKind::Heap, "c:@F@act#1")};
  F.IndirectCalls = {fullCall()};
  F.AnnotatedAcquire = F.ReturnsFresh = true;
  F.GlobalCells = {"c:@cell"};
  F.EntryHeld = {held("entry", 1)};
  F.LockTargets = {{Id(IdKind::Param, "c:@F@worker#0"), held("mu", 50)}};
  F.StateArms = {{At(70), At(75), 0, "Conn::state", {1, -2}}};
  ValueSrc Const{ValueSrc::Const, -3, -1, ""}, Param{ValueSrc::Param, 0, 2, "n"};
  F.StateWrites = {{"Conn::state", Const, At(71), 0, {{1, "Conn::kind", 4, false}}},
                   {"Conn::state", Param, At(72), -1, {}}};
  F.ValueCalls = {{"c:@F@set", At(73), {Const, Param, ValueSrc()}, {0}, {{0, "", 1, true}}}};
  F.OriginFlows = {{"local:a", "local:b"}};
  FunctionFacts::NamingCut Entry, Cut;
  Entry.Naming = FunctionFacts::NamingCut::Entry;
  Entry.Cut = 1;
  Entry.Accesses = {0};
  Cut.Naming = 0;
  Cut.Cut = 1;
  Cut.Calls = {0};
  F.NamingCuts = {Entry, Cut};
  F.Phases.Waits = {Id(IdKind::Usr, "c:@barrier")};
  FunctionFacts::PhaseCall Own, Other;
  Own.Where = At(80);
  Own.Prev = {-1};
  Own.Next = {0};
  Own.Event = true;
  Other.Where = SrcLoc("/src/b.h", 4, 5, 2);
  Other.Prev = {0};
  Other.Next = {-1};
  F.Phases.Calls = {Own, Other};
  F.Phases.EntryNext = {0};
  F.Phases.ExitPrev = {1};
  return F;
}

TUFacts fullFacts() {
  TUFacts T;
  T.MainFile = "/src/a.c";
  T.Functions = {fullFunction(), FunctionFacts()};
  T.Classes = {{"Account", {"Ledger"}, {{"balance", ""}, {"ledger", "Ledger"}}}};
  T.SharedClasses = {"Account"};
  T.Aliases = {{Id(IdKind::Pointee, "c:@g1"), Id(IdKind::Usr, "c:@g")}};
  T.FnStores = {{Id(IdKind::Field, "Ops::run"), {"c:@F@run", Id()}, "c:@ops"},
                {Id(IdKind::Field, "Ops::stop"), {"", Id(IdKind::Field, "Ops::run")}, ""}};
  DescriptorFact D;
  D.Fns = {{"Ops::run", "c:@F@run"}};
  D.Consts = {{"Ops::flags", -9}};
  D.Fixed = true;
  T.Descriptors = {D};
  T.CopiedRecords = {"Account"};
  T.DeclaredOrders = {{Id(IdKind::Usr, "c:@a"), Id(IdKind::Usr, "c:@b"), "a", "b", At(90)}};
  LockEffectFact E;
  static_cast<LockEffect &>(E) = effect(1);
  E.Fn = "c:@F@lock_both";
  T.LockEffects = {E};
  T.ObjectSites = {{"heap:x", "site"}};
  T.ManyObjects = {"heap:y"};
  T.OneObjectNodes = {"heap:z"};
  T.GlobalCells = {"c:@cell"};
  T.OriginFlows = {{"local:a", "c:@g"}};
  return T;
}

std::string printed(const llvm::json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  return S;
}

/// What llvm::json prints for Text's tree, the root's members in the
/// writer's order (the root alone is written in a fixed order, not sorted).
std::string asLLVMPrintsIt(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return "not JSON: " + llvm::toString(V.takeError());
  const llvm::json::Object *Root = V->getAsObject();
  std::string Out = "{";
  for (const char *Key : {"aliases", "classes", "copiedRecords", "declaredOrders",
                          "descriptors", "file", "fnStores", "format", "functions",
                          "lockEffects", "manyObjects", "objectSites", "oneObjectNodes",
                          "globalCells", "originFlows", "sharedClasses"})
    if (const llvm::json::Value *M = Root->get(Key))
      Out += (Out.size() > 1 ? ",\"" : "\"") + std::string(Key) + "\":" + printed(*M);
  return Out + "}";
}

/// The facts of one function f of MainFile whose parameters are named Params.
TUFacts oneFunction(const std::string &MainFile, std::vector<std::string> Params) {
  TUFacts T;
  T.MainFile = MainFile;
  FunctionFacts F;
  F.Usr = "c:@F@f";
  F.Name = "f";
  F.ParamNames = std::move(Params);
  F.Where = SrcLoc(MainFile, 1, 2);
  T.Functions = {F};
  return T;
}

/// T's text (J), checked against what llvm::json prints, read back, and
/// written again: the same text.
TUFacts writtenAndRead(const TUFacts &T, std::string &J) {
  J = factsToJSON(T);
  EXPECT_EQ(J, asLLVMPrintsIt(J));
  llvm::Expected<TUFacts> Back = factsFromJSON(J);
  EXPECT_TRUE(bool(Back)) << (Back ? "" : llvm::toString(Back.takeError()));
  if (!Back || Back->Functions.size() != T.Functions.size())
    return TUFacts();
  EXPECT_EQ(factsToJSON(*Back), J);
  return std::move(*Back);
}

} // namespace

TEST(FactsWrite, EveryMemberAsLLVMJSONPrintsIt) {
  std::string J;
  TUFacts Back = writtenAndRead(fullFacts(), J);
  EXPECT_EQ(Back.Functions.size(), 2u);
  // Every optional member is there (the facts above set them all).
  for (const char *Key :
       {"\"always\"", "\"argObjects\"", "\"argOrigins\"", "\"argValues\"", "\"baseArgs\"",
        "\"fnArgs\"", "\"freshMembers\"", "\"heldIf\"", "\"loopAt\"", "\"memberArgs\"",
        "\"nullArgs\"", "\"numArgs\"", "\"once\"", "\"paramParts\"", "\"rechecked\"",
        "\"returnAt\"", "\"takenVia\"", "\"through\"", "\"throughOwner\"",
        "\"beforeEnqueue\"", "\"beforeHandOff\"", "\"byCallee\"", "\"container\"",
        "\"countsDown\"", "\"derivedMember\"", "\"derivedParam\"", "\"fresh\"",
        "\"freshMemberOf\"", "\"handoff\"", "\"noHandOver\"", "\"numberValue\"", "\"origin\"",
        "\"phase\"", "\"phaseSerial\"", "\"refMember\"", "\"regBase\"", "\"slotFresh\"",
        "\"slotIndex\"", "\"viaParam\"", "\"entrySlot\"", "\"refBinds\"", "\"shared\"",
        "\"retake\"", "\"toZero\"", "\"end\"", "\"activationHeaps\"", "\"counts\"",
        "\"enqueuedParams\"", "\"entryHeld\"", "\"keptHeaps\"", "\"linkedParams\"",
        "\"namingCuts\"", "\"phases\"", "\"returnsFresh\"", "\"states\"", "\"takeLinks\"",
        "\"byValue\"", "\"objName\"", "\"copiedRecords\"", "\"descriptors\"",
        "\"manyObjects\"", "\"objectSites\"", "\"oneObjectNodes\"", "\"guards\"",
        "\"objs\""})
    EXPECT_NE(J.find(Key), std::string::npos) << Key;
}

// Strings as llvm::json writes them: quotes, backslashes and control
// characters escaped (\t \n \r short, others \u00xx), other bytes as they
// are, and text that is not UTF-8 repaired as json::Value repairs it.
TEST(FactsWrite, StringsEscapedAndRepairedAsLLVMJSON) {
  TUFacts T = oneFunction("/src/a \"quoted\" \\dir\\\t\n\r\x01\x1f.c",
                          {"bad \xff\xfe utf-8", std::string("nul\0byte", 8)});
  T.Functions[0].Name = "caf\xc3\xa9 \x7f";
  std::string J;
  TUFacts Back = writtenAndRead(T, J);
  EXPECT_NE(J.find(R"(\"quoted\" \\dir\\\t\n\r\u0001\u001f.c)"), std::string::npos) << J;
  EXPECT_NE(J.find("\\u0000"), std::string::npos) << J;
  EXPECT_NE(J.find("caf\xc3\xa9 \x7f"), std::string::npos) << J;
  EXPECT_EQ(J.find("\xff"), std::string::npos) << "invalid UTF-8 written as it was";
  ASSERT_EQ(Back.Functions.size(), 1u);
  EXPECT_EQ(Back.MainFile, T.MainFile);
  EXPECT_EQ(Back.Functions[0].ParamNames[1], T.Functions[0].ParamNames[1]);
}

// The lock effects alone (the facts cache's key for imported effects) in the
// same form as inside the facts.
TEST(FactsWrite, LockEffectsAloneAsInsideTheFacts) {
  TUFacts T = fullFacts();
  std::string Alone = lockEffectsToJSON(T.LockEffects);
  EXPECT_EQ(Alone, printed(llvm::cantFail(llvm::json::parse(Alone))));
  EXPECT_NE(factsToJSON(T).find("\"lockEffects\":" + Alone), std::string::npos);
}

// The writer looks at eight bytes at a time for a byte to escape or check:
// each such byte at every place in a word and across word boundaries.
TEST(FactsWrite, EscapesAtEveryPlaceInAWord) {
  std::vector<std::string> Params;
  for (std::string Special : {std::string(1, '\0'), std::string("\x01"), std::string("\x1f"),
                              std::string("\""), std::string("\\"), std::string("\n"),
                              std::string(" "), std::string("\x7f"), std::string("\xc3\xa9"),
                              std::string("\xff"), std::string("\x80")})
    for (size_t Place = 0; Place <= 19; ++Place)
      Params.push_back(std::string(Place, 'a') + Special + std::string(19 - Place, 'b'));
  std::string J;
  TUFacts Back = writtenAndRead(oneFunction("/src/a.c", Params), J);
  ASSERT_EQ(Back.Functions.size(), 1u);
  // Valid UTF-8 comes back as it was written.
  for (size_t I = 0; I < 9 * 20; ++I)
    EXPECT_EQ(Back.Functions[0].ParamNames[I], Params[I]) << I;
}

// Integers are printed by the writer's own digit loop: the extremes, 0 and
// the signs as llvm::json prints them, read back to the same values.
TEST(FactsWrite, IntegersAtTheirLimits) {
  TUFacts T = oneFunction("/src/a.c", {});
  DescriptorFact D;
  D.Fns = {{"Ops::run", "c:@F@run"}};
  for (int64_t V : {std::numeric_limits<int64_t>::min(), int64_t(-10), int64_t(-1), int64_t(0),
                    int64_t(7), int64_t(1000000007), std::numeric_limits<int64_t>::max()})
    D.Consts.push_back({"Ops::k" + std::to_string(D.Consts.size()), V});
  T.Descriptors = {D};
  T.Functions[0].Where.Line = std::numeric_limits<unsigned>::max();
  std::string J;
  TUFacts Back = writtenAndRead(T, J);
  ASSERT_EQ(Back.Descriptors.size(), 1u);
  EXPECT_EQ(Back.Descriptors[0].Consts, D.Consts);
  EXPECT_EQ(Back.Functions[0].Where.Line, std::numeric_limits<unsigned>::max());
  EXPECT_NE(J.find("-9223372036854775808"), std::string::npos);
  EXPECT_NE(J.find(",9223372036854775807]"), std::string::npos);
}
