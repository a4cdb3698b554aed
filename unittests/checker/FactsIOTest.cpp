#include "facts/FactsIO.h"
#include "analysis/Analysis.h"
#include "report/Finding.h"
#include "gtest/gtest.h"

using namespace parcheck;

/// A function of /src/a.c named Name, with no facts yet.
static FunctionFacts fnFacts(const std::string &Name) {
  FunctionFacts F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  return F;
}

TEST(FactsIO, RoundTripKeepsEveryField) {
  TUFacts T;
  T.MainFile = "/src/a.c";
  FunctionFacts F = fnFacts("worker");
  F.Where = {"/src/a.c", 3, 7};
  F.ParamNames = {"arg"};
  AccessFact A;
  A.Loc = Id::parse("c:@counter");
  A.Name = "counter";
  A.Write = true;
  A.Indexed = true;
  A.Record = "Account";
  A.Where = {"/src/a.c", 5, 3};
  A.Held.push_back({Id::parse("c:@mu"), "mu", false, {"/src/a.c", 4, 3}});
  A.Live = {"t"};
  F.Accesses.push_back(A);
  SpawnFact S;
  S.Api = "pthread_create";
  S.Entry = "c:@F@worker";
  S.Handle = "t";
  S.InLoop = true;
  ObjRef O;
  O.K = ObjRef::Var;
  O.Id = Id::parse("c:@x");
  O.PerInstance = true;
  S.Args.push_back(O);
  F.Spawns.push_back(S);
  LockOpFact L;
  L.Kind = LockOpFact::TryAcquire;
  L.Lock = {Id::parse("c:@mu"), "mu", true, {"/src/a.c", 4, 3}};
  L.MayHeld = true;
  L.Recursive = true;
  L.InLoop = true;
  L.Pred = true;
  L.Instance = "a->mu";
  L.Cond = "cv";
  L.Live = {"t"};
  F.LockOps.push_back(L);
  ExitFact X;
  X.Where = {"/src/a.c", 9, 3};
  X.Held.push_back({Id::parse("c:@mu"), "mu", false, {"/src/a.c", 4, 3}});
  F.Exits.push_back(X);
  T.Functions.push_back(F);
  T.Classes.push_back({"Account", {"Ledger"}, {{"balance", ""}, {"ledger", "Ledger"}}});
  T.SharedClasses = {"Account"};
  T.Aliases = {{Id::parse("pointee:c:@g1"), Id::parse("c:@g")}};

  std::string J = factsToJSON(T);
  auto Back = factsFromJSON(J);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(factsToJSON(*Back), J);
  ASSERT_EQ(Back->Functions.size(), 1u);
  const FunctionFacts &G = Back->Functions[0];
  EXPECT_EQ(G.Accesses[0].Held[0].Name, "mu");
  EXPECT_TRUE(G.Accesses[0].Indexed);
  EXPECT_TRUE(G.Spawns[0].Args[0].PerInstance);
  EXPECT_EQ(G.LockOps[0].Kind, LockOpFact::TryAcquire);
  EXPECT_TRUE(G.LockOps[0].Lock.Shared);
  EXPECT_TRUE(G.LockOps[0].MayHeld && G.LockOps[0].Recursive && G.LockOps[0].InLoop &&
              G.LockOps[0].Pred);
  EXPECT_EQ(G.LockOps[0].Instance, "a->mu");
  EXPECT_EQ(G.LockOps[0].Cond, "cv");
  EXPECT_EQ(G.LockOps[0].Live, std::vector<std::string>{"t"});
  ASSERT_EQ(G.Exits.size(), 1u);
  EXPECT_EQ(G.Exits[0].Held[0].Id.str(), "c:@mu");
  EXPECT_EQ(Back->Classes[0].Fields[0], "Ledger");
  EXPECT_EQ(Back->Classes[0].Members[1].second, "Ledger");
  EXPECT_EQ(G.Accesses[0].Record, "Account");
  ASSERT_EQ(Back->Aliases.size(), 1u);
  EXPECT_EQ(Back->Aliases[0].second.str(), "c:@g");
}

TEST(FactsIO, MalformedInputIsAnErrorNotACrash) {
  EXPECT_FALSE(bool(factsFromJSON("{")));
  auto NotFacts = factsFromJSON("{\"format\": \"something-else\"}");
  ASSERT_FALSE(bool(NotFacts));
  EXPECT_NE(llvm::toString(NotFacts.takeError()).find("format"), std::string::npos);
  auto Missing = factsFromJSON(
      "{\"format\":\"parcheck-facts-1\",\"file\":\"a\",\"functions\":[{\"usr\":\"x\"}],"
      "\"classes\":[],\"sharedClasses\":[]}");
  EXPECT_FALSE(bool(Missing));
  llvm::consumeError(Missing.takeError());
}

// Format 2: a location in its function's own file is written without the
// file, every other one with it; the function's own place keeps it. Members
// that are false, empty or 0 are left out and read back as such.
TEST(FactsIO, OwnFileLocationsAndDefaultsAreLeftOut) {
  TUFacts T;
  T.MainFile = "/src/a.c";
  FunctionFacts F = fnFacts("worker");
  F.Where = {"/src/a.c", 3, 7};
  AccessFact A;
  A.Loc = Id::parse("c:@counter");
  A.Name = "counter";
  A.Where = {"/src/a.c", 5, 3, 2};
  A.Held.push_back({Id::parse("c:@mu"), "mu", false, {"/src/lock.h", 40, 9}});
  F.Accesses.push_back(A);
  LockOpFact L;
  L.Kind = LockOpFact::Acquire;
  L.Lock = {Id::parse("c:@mu"), "mu", false, {"/src/a.c", 4, 3}};
  F.LockOps.push_back(L);
  T.Functions.push_back(F);
  T.DeclaredOrders.push_back(
      {Id::parse("c:@mu"), Id::parse("c:@nu"), "mu", "nu", {"/src/a.c", 1, 1}});

  std::string J = factsToJSON(T);
  EXPECT_NE(J.find("\"format\":\"parcheck-facts-2\""), std::string::npos);
  EXPECT_NE(J.find("\"at\":[\"/src/a.c\",3,7]"), std::string::npos); // the function
  EXPECT_NE(J.find("\"at\":[5,3,2]"), std::string::npos);              // its access
  EXPECT_NE(J.find("\"at\":[\"/src/lock.h\",40,9]"), std::string::npos);
  EXPECT_NE(J.find("\"at\":[4,3]"), std::string::npos);
  EXPECT_NE(J.find("\"at\":[\"/src/a.c\",1,1]"), std::string::npos); // outside a function
  for (const char *Default : {"\"w\"", "\"atomic\"", "\"live\"", "\"rec\"", "\"field\"",
                              "\"op\"", "\"multi\"", "\"calls\"", "\"spawns\"", "\"shared\""})
    EXPECT_EQ(J.find(Default), std::string::npos) << Default;

  auto Back = factsFromJSON(J);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(factsToJSON(*Back), J);
  const FunctionFacts &G = Back->Functions[0];
  EXPECT_EQ(G.Where.File.str(), "/src/a.c");
  EXPECT_EQ(G.Accesses[0].Where.File.str(), "/src/a.c");
  EXPECT_EQ(G.Accesses[0].Where.Line, 5u);
  EXPECT_EQ(unsigned(G.Accesses[0].Where.Ord), 2u);
  EXPECT_EQ(G.Accesses[0].Held[0].Where.File.str(), "/src/lock.h");
  EXPECT_FALSE(G.Accesses[0].Write);
  EXPECT_TRUE(G.Accesses[0].Live.empty());
  EXPECT_EQ(G.LockOps[0].Kind, LockOpFact::Acquire);
  EXPECT_EQ(G.LockOps[0].Lock.Where.File.str(), "/src/a.c");
  EXPECT_EQ(Back->DeclaredOrders[0].Where.File.str(), "/src/a.c");
}

// Format 1 (every member written, every location with its file) still reads,
// to the same facts.
TEST(FactsIO, Format1StillReads) {
  const char *Old =
      "{\"aliases\":[],\"classes\":[],\"declaredOrders\":[],\"file\":\"/src/a.c\","
      "\"fnStores\":[],\"format\":\"parcheck-facts-1\",\"functions\":[{\"accesses\":[{"
      "\"at\":[\"/src/a.c\",5,3],\"atomic\":false,\"cls\":false,\"field\":\"\",\"held\":[{"
      "\"at\":[\"/src/a.c\",4,3],\"id\":\"c:@mu\",\"name\":\"mu\",\"shared\":false}],"
      "\"idx\":false,\"live\":[],\"loc\":\"c:@counter\",\"name\":\"counter\",\"rec\":\"\","
      "\"w\":true}],\"annotatedAcquire\":false,\"argOnlyLocals\":[],\"at\":[\"/src/a.c\",3,7],"
      "\"calls\":[],\"escapingParams\":[],\"exits\":[],\"indirectCalls\":[],\"joins\":[],"
      "\"liveAtExit\":[],\"lockTargets\":[],\"lockops\":[],\"main\":false,\"name\":\"worker\","
      "\"params\":[],\"spawns\":[],\"syncs\":[],\"usr\":\"c:@F@worker\"}],\"lockEffects\":[],"
      "\"originFlows\":[],\"sharedClasses\":[]}";
  auto Back = factsFromJSON(Old);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  ASSERT_EQ(Back->Functions.size(), 1u);
  const AccessFact &A = Back->Functions[0].Accesses[0];
  EXPECT_TRUE(A.Write);
  EXPECT_EQ(A.Where.File.str(), "/src/a.c");
  EXPECT_EQ(A.Held[0].Where.Line, 4u);
  std::string J = factsToJSON(*Back); // format 2 of the same facts
  EXPECT_NE(J.find("\"at\":[5,3]"), std::string::npos);
  auto Again = factsFromJSON(J);
  ASSERT_TRUE(bool(Again)) << llvm::toString(Again.takeError());
  EXPECT_EQ(factsToJSON(*Again), J);
}

// A member of the wrong type is an error, missing or not; so is a location
// without its file where there is no function to take it from.
TEST(FactsIO, WrongTypesAndShortLocationsOutsideAFunctionAreErrors) {
  auto Facts = [](const std::string &Fn, const std::string &Top) {
    return "{\"file\":\"/src/a.c\",\"format\":\"parcheck-facts-2\",\"functions\":[{" + Fn +
           "\"at\":[\"/src/a.c\",3,7],\"name\":\"f\",\"usr\":\"c:@F@f\"}]" + Top + "}";
  };
  auto Good = factsFromJSON(Facts("\"main\":true,", ""));
  ASSERT_TRUE(bool(Good)) << llvm::toString(Good.takeError());
  EXPECT_TRUE(Good->Functions[0].IsMain);
  for (const std::string &Bad :
       {Facts("\"main\":\"yes\",", ""), Facts("\"accesses\":{},", ""),
        Facts("\"lockops\":[{\"op\":\"0\",\"lock\":{\"at\":[4,3],\"id\":\"c:@m\","
              "\"name\":\"m\"}}],", ""),
        Facts("", ",\"declaredOrders\":[{\"after\":\"c:@b\",\"afterName\":\"b\","
                  "\"at\":[1,1],\"before\":\"c:@a\",\"beforeName\":\"a\"}]"),
        std::string("{\"file\":\"/src/a.c\",\"format\":\"parcheck-facts-2\"}")}) {
    auto R = factsFromJSON(Bad);
    EXPECT_FALSE(bool(R)) << Bad;
    if (!R)
      llvm::consumeError(R.takeError());
  }
}

TEST(Finding, FingerprintIgnoresLinesAndIdentityOrder) {
  Finding A;
  A.Kind = "race";
  A.Identity = {"c:@counter", "c:@F@worker"};
  A.Locations.push_back({{"/a.c", 10, 3}, "access", "", "", "", {}, false, {}});
  Finding B = A;
  B.Identity = {"c:@F@worker", "c:@counter"};
  B.Locations[0].Where.Line = 99;
  EXPECT_EQ(A.fingerprint(), B.fingerprint());
  EXPECT_EQ(A.fingerprint().size(), 16u);
  B.Kind = "lock-order";
  EXPECT_NE(A.fingerprint(), B.fingerprint());
}

/// The facts of a TU of F alone written (into J), read back and written
/// again: the same text. The function read.
static FunctionFacts roundTrip(const FunctionFacts &F, std::string &J) {
  TUFacts T;
  T.MainFile = "/src/a.c";
  T.Functions.push_back(F);
  J = factsToJSON(T);
  auto Back = factsFromJSON(J);
  EXPECT_TRUE(bool(Back)) << (Back ? "" : llvm::toString(Back.takeError()));
  if (!Back || Back->Functions.size() != 1)
    return FunctionFacts();
  EXPECT_EQ(factsToJSON(*Back), J);
  return std::move(Back->Functions[0]);
}

// Counted completions' facts (extract/Cuts.cpp): a call's "always", a
// count-down, and naming cuts, one from the entry ("naming": -1). A cut
// naming a call past the function's calls (facts edited by hand) is dropped.
TEST(FactsIO, NamingCutsRoundTrip) {
  FunctionFacts F = fnFacts("optimize");
  for (int I = 0; I < 3; ++I) {
    CallFact C;
    C.Callee = "c:@F@f" + std::to_string(I);
    C.Where = {"/src/a.c", unsigned(10 + I), 3};
    C.Always = I == 2;
    F.Calls.push_back(C);
  }
  CountFact Down;
  Down.K = CountFact::Decrement;
  Down.Counter = Id::parse("field:best::live");
  F.Counts.push_back(Down);
  F.NamingCuts.push_back({0, 1, {0, 2}, {2}});
  F.NamingCuts.push_back({FunctionFacts::NamingCut::Entry, 2, {1}, {}});
  std::string J;
  const FunctionFacts G = roundTrip(F, J);
  EXPECT_NE(J.find("\"naming\":-1"), std::string::npos);
  EXPECT_FALSE(G.Calls[0].Always);
  EXPECT_TRUE(G.Calls[2].Always);
  EXPECT_EQ(G.Counts[0].K, CountFact::Decrement);
  ASSERT_EQ(G.NamingCuts.size(), 2u);
  EXPECT_EQ(G.NamingCuts[0].Cut, 1u);
  EXPECT_EQ(G.NamingCuts[0].Accesses, (std::vector<unsigned>{0, 2}));
  EXPECT_EQ(G.NamingCuts[0].Calls, std::vector<unsigned>{2});
  EXPECT_EQ(G.NamingCuts[1].Naming, FunctionFacts::NamingCut::Entry);

  std::string Bad = J;
  size_t At = Bad.find("\"cut\":1");
  ASSERT_NE(At, std::string::npos);
  Bad.replace(At, 7, "\"cut\":9");
  auto Dropped = factsFromJSON(Bad);
  ASSERT_TRUE(bool(Dropped)) << llvm::toString(Dropped.takeError());
  EXPECT_EQ(Dropped->Functions[0].NamingCuts.size(), 1u);
}

// Barrier phases' facts (extract/Phases.cpp): the waits, the calls with the
// tokens around them, the entry's and exit's, and each access's. An access
// from entry to exit with no event between is written without its tokens and
// read back with them; facts without "phases" (older) have none.
TEST(FactsIO, PhasesRoundTrip) {
  FunctionFacts F = fnFacts("worker");
  F.Phases.Waits = {Id::parse("c:@start"), Id::parse("c:@done")};
  F.Phases.Calls.push_back({{"/src/a.c", 12, 5}, {0}, {1}, false});
  F.Phases.Calls.push_back({{"/src/a.c", 14, 5}, {-1, 1}, {2}, true});
  F.Phases.EntryNext = {0};
  F.Phases.ExitPrev = {-1, 1};
  for (std::vector<int> P : {std::vector<int>{0}, std::vector<int>{-1}}) {
    AccessFact A;
    A.Loc = Id::parse("c:@scale");
    A.Name = "scale";
    A.Where = {"/src/a.c", 13, 3};
    A.PhasePrev = P;
    A.PhaseNext = P == std::vector<int>{0} ? std::vector<int>{1, 2} : std::vector<int>{-1};
    A.PhaseSerial = P == std::vector<int>{0} ? 0 : -1;
    F.Accesses.push_back(A);
  }
  std::string J;
  const FunctionFacts G = roundTrip(F, J);
  EXPECT_NE(J.find("\"phases\""), std::string::npos);
  EXPECT_EQ(G.Phases.Waits, F.Phases.Waits);
  ASSERT_EQ(G.Phases.Calls.size(), 2u);
  EXPECT_FALSE(G.Phases.Calls[0].Event);
  EXPECT_TRUE(G.Phases.Calls[1].Event);
  EXPECT_EQ(G.Phases.Calls[1].Prev, (std::vector<int>{-1, 1}));
  EXPECT_EQ(G.Phases.Calls[1].Where.Line, 14u);
  EXPECT_EQ(G.Phases.EntryNext, std::vector<int>{0});
  EXPECT_EQ(G.Phases.ExitPrev, (std::vector<int>{-1, 1}));
  EXPECT_EQ(G.Accesses[0].PhaseNext, (std::vector<int>{1, 2}));
  EXPECT_EQ(G.Accesses[1].PhasePrev, std::vector<int>{-1}); // restored
  EXPECT_EQ(G.Accesses[1].PhaseNext, std::vector<int>{-1});
  EXPECT_EQ(G.Accesses[0].PhaseSerial, 0); // in the serial branch of wait 0
  EXPECT_EQ(G.Accesses[1].PhaseSerial, -1);
  EXPECT_EQ(J.find("\"phaseSerial\""), J.rfind("\"phaseSerial\"")); // written once

  size_t At = J.find(",\"phases\"");
  ASSERT_NE(At, std::string::npos);
  std::string Old = J;
  size_t End = Old.find("}", Old.find("\"exit\"", At)) + 1;
  Old.erase(At, End - At);
  auto Older = factsFromJSON(Old);
  ASSERT_TRUE(bool(Older)) << llvm::toString(Older.takeError());
  EXPECT_TRUE(Older->Functions[0].Phases.empty());
  EXPECT_TRUE(Older->Functions[0].Accesses[1].PhasePrev.empty());
}

// Plain polls' facts (analysis/Concurrency.cpp, "Plain polls"): a spin on a
// plain location, whether it leaves on zero, and whether a plain write hands
// nothing over or only counts down. Each is written only when set and read
// back as false when absent (older facts).
TEST(FactsIO, PlainPollRoundTrip) {
  FunctionFacts F = fnFacts("destroy");
  for (bool ToZero : {true, false}) {
    SyncFact S;
    S.Loc = Id::parse("field:pool::alive");
    S.Spin = true;
    S.ToZero = ToZero;
    S.Where = {"/src/a.c", 20, 3};
    F.Syncs.push_back(S);
  }
  for (int K = 0; K < 3; ++K) {
    AccessFact A;
    A.Loc = Id::parse("field:pool::alive");
    A.Name = "alive";
    A.Write = true;
    A.Where = {"/src/a.c", 30u + K, 3};
    A.NoHandOver = K == 0;
    A.CountsDown = K == 1;
    F.Accesses.push_back(A);
  }
  std::string J;
  const FunctionFacts G = roundTrip(F, J);
  ASSERT_EQ(G.Syncs.size(), 2u);
  EXPECT_TRUE(G.Syncs[0].Spin);
  EXPECT_TRUE(G.Syncs[0].ToZero);
  EXPECT_FALSE(G.Syncs[1].ToZero);
  ASSERT_EQ(G.Accesses.size(), 3u);
  EXPECT_TRUE(G.Accesses[0].NoHandOver);
  EXPECT_FALSE(G.Accesses[0].CountsDown);
  EXPECT_TRUE(G.Accesses[1].CountsDown);
  EXPECT_FALSE(G.Accesses[1].NoHandOver);
  EXPECT_FALSE(G.Accesses[2].NoHandOver || G.Accesses[2].CountsDown);
  for (const char *Key : {"\"toZero\"", "\"noHandOver\"", "\"countsDown\""})
    EXPECT_EQ(J.find(Key), J.rfind(Key)) << Key << " written once";
}

// Object counts (extract/ObjectCounts.cpp): where each record's objects are
// made, the records made many ways, the members that hold one object, and
// the members code uses on a global object itself.
TEST(FactsIO, ObjectCountsRoundTrip) {
  TUFacts T;
  T.MainFile = "/src/a.c";
  T.ObjectSites = {{"conn", "loop:12:5:c:@F@accept_loop"}, {"engine", "global:c:@E"},
                   {"params", "member:cctx::applied"}, {"pool", "once:40:3:c:@F@main"}};
  T.ManyObjects = {"req"};
  T.OneObjectNodes = {"f:args::st"};
  T.GlobalCells = {"e:engine::stats", "f:stats::pages"};
  FunctionFacts Main;
  Main.Usr = "c:@F@main";
  Main.Name = "main";
  Main.GlobalCells = {"f:filter::options"};
  // Two facts of one macro expansion: one location, ordered by Ord.
  CallFact Once;
  Once.Callee = "c:@F@ensure_key";
  Once.Where = SrcLoc(FileName("/src/a.c"), 9, 14, 1);
  AccessFact Read;
  Read.Loc = Id::parse("c:@key");
  Read.Name = "key";
  Read.Where = SrcLoc(FileName("/src/a.c"), 9, 14, 2);
  Main.Calls = {Once};
  Main.Accesses = {Read};
  FunctionFacts Plain;
  Plain.Usr = "c:@F@worker";
  Plain.Name = "worker";
  T.Functions = {Main, Plain};
  std::string J = factsToJSON(T);
  auto Back = factsFromJSON(J);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(factsToJSON(*Back), J);
  EXPECT_EQ(Back->ObjectSites, T.ObjectSites);
  EXPECT_EQ(Back->ManyObjects, T.ManyObjects);
  EXPECT_EQ(Back->OneObjectNodes, T.OneObjectNodes);
  EXPECT_EQ(Back->GlobalCells, T.GlobalCells);
  ASSERT_EQ(Back->Functions.size(), 2u);
  EXPECT_EQ(Back->Functions[0].GlobalCells, Main.GlobalCells);
  ASSERT_EQ(Back->Functions[0].Calls.size(), 1u);
  ASSERT_EQ(Back->Functions[0].Accesses.size(), 1u);
  EXPECT_EQ(Back->Functions[0].Calls[0].Where.Ord, 1u);
  EXPECT_EQ(Back->Functions[0].Accesses[0].Where.Ord, 2u);
  EXPECT_TRUE(writtenBefore(Back->Functions[0].Calls[0].Where, Back->Functions[0].Accesses[0].Where));
  EXPECT_FALSE(writtenBefore(Back->Functions[0].Accesses[0].Where, Back->Functions[0].Calls[0].Where));
  // Outside macros (no order) one location is not before itself.
  EXPECT_FALSE(writtenBefore(SrcLoc(FileName("/src/a.c"), 9, 14), SrcLoc(FileName("/src/a.c"), 9, 14)));
  EXPECT_TRUE(Back->Functions[1].GlobalCells.empty()); // none written, none read
  // Facts without them (older facts) read as none.
  TUFacts None;
  None.MainFile = "/src/b.c";
  auto Old = factsFromJSON(factsToJSON(None));
  ASSERT_TRUE(bool(Old)) << llvm::toString(Old.takeError());
  EXPECT_TRUE(Old->ObjectSites.empty() && Old->ManyObjects.empty() && Old->OneObjectNodes.empty() &&
              Old->GlobalCells.empty());
  EXPECT_EQ(factsToJSON(None).find("objectSites"), std::string::npos);
}
