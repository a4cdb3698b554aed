// The whole-program analysis and the checks over small hand-built facts: what a
// check reports depends only on the merged facts, never on the AST.
#include "analysis/Analysis.h"
#include "checks/Registry.h"
#include "facts/Program.h"
#include "report/Report.h"
#include "gtest/gtest.h"

using namespace parcheck;

namespace {

const std::string File = "/src/t.c";

FunctionFacts function(const std::string &Name, unsigned Line) {
  FunctionFacts F;
  F.Usr = "c:@F@" + Name;
  F.Name = Name;
  F.Where = {File, Line, 1};
  F.IsMain = Name == "main";
  return F;
}

SpawnFact spawn(const std::string &Entry, const std::string &Handle, unsigned Line,
                std::vector<std::string> LiveAtSpawn = {}) {
  SpawnFact S;
  S.Api = "pthread_create";
  S.Entry = "c:@F@" + Entry;
  S.EntryName = Entry;
  S.Handle = "c:@F@main|" + Handle;
  S.Where = {File, Line, 3};
  S.LiveAtSpawn = std::move(LiveAtSpawn);
  return S;
}

HeldLock lock(const std::string &Name, unsigned Line) {
  return {Id::parse("c:@" + Name), Name, false, {File, Line, 3}};
}

LockOpFact acquire(const std::string &Name, unsigned Line, LockSet HeldBefore) {
  LockOpFact O;
  O.Kind = LockOpFact::Acquire;
  O.Lock = lock(Name, Line);
  O.HeldBefore = std::move(HeldBefore);
  O.Where = {File, Line, 3};
  O.Instance = Name;
  return O;
}

std::vector<Finding> check(const std::vector<FunctionFacts> &Fs) {
  TUFacts T;
  T.MainFile = File;
  T.Functions = Fs;
  Program P;
  P.add(T);
  ProgramAnalysis A(P);
  FindingCollector Sink;
  runChecks(A, Sink);
  return Sink.take();
}

/// main starts several instances of worker, which writes 'counter' (holding
/// HeldBy when given).
std::vector<FunctionFacts> counterProgram(const std::string &HeldBy) {
  FunctionFacts Main = function("main", 10);
  SpawnFact S = spawn("worker", "t", 12, {"c:@F@main|t"});
  S.InLoop = true;
  Main.Spawns.push_back(S);
  FunctionFacts W = function("worker", 3);
  AccessFact Acc;
  Acc.Loc = Id::parse("c:@counter");
  Acc.Name = "counter";
  Acc.Write = true;
  Acc.Where = {File, 4, 3};
  if (!HeldBy.empty())
    Acc.Held.push_back(lock(HeldBy, 4));
  W.Accesses.push_back(Acc);
  return {Main, W};
}

TEST(Analysis, InstancesOfOneRootRaceOnAGlobal) {
  std::vector<Finding> Fs = check(counterProgram(""));
  ASSERT_EQ(Fs.size(), 1u);
  EXPECT_EQ(Fs[0].Kind, "race");
  EXPECT_EQ(Fs[0].Locks.size(), 0u);
  EXPECT_NE(Fs[0].Message.find("'counter'"), std::string::npos) << Fs[0].Message;
  EXPECT_EQ(Fs[0].Locations[0].Where, (SrcLoc{File, 4, 3}));
}

TEST(Analysis, ACommonLockOrdersTheWrites) {
  EXPECT_TRUE(check(counterProgram("mu")).empty());
}

TEST(Analysis, RootsAreMainAndEverySpawnedEntry) {
  TUFacts T;
  T.Functions = counterProgram("");
  Program P;
  P.add(T);
  ProgramAnalysis A(P);
  ASSERT_EQ(A.Roots.size(), 2u);
  size_t Main = A.Roots[0].IsMain ? 0 : 1;
  EXPECT_EQ(A.Roots[Main].Name, "main");
  EXPECT_EQ(A.Roots[1 - Main].Name, "worker");
  EXPECT_TRUE(A.Roots[1 - Main].Many);
}

/// Two threads, one taking First then Second, the other Third then Fourth.
std::vector<FunctionFacts> twoLockers(const char *First, const char *Second, const char *Third,
                                      const char *Fourth) {
  FunctionFacts Main = function("main", 10);
  Main.Spawns.push_back(spawn("one", "t1", 12));
  Main.Spawns.push_back(spawn("two", "t2", 13, {"c:@F@main|t1"}));
  FunctionFacts One = function("one", 3);
  One.LockOps.push_back(acquire(First, 3, {}));
  One.LockOps.push_back(acquire(Second, 4, {lock(First, 3)}));
  FunctionFacts Two = function("two", 6);
  Two.LockOps.push_back(acquire(Third, 6, {}));
  Two.LockOps.push_back(acquire(Fourth, 7, {lock(Third, 6)}));
  return {Main, One, Two};
}

TEST(Analysis, OppositeOrdersInTwoThreadsAreACycle) {
  std::vector<Finding> Fs = check(twoLockers("a", "b", "b", "a"));
  ASSERT_EQ(Fs.size(), 1u);
  EXPECT_EQ(Fs[0].Kind, "lock-order");
  EXPECT_EQ(Fs[0].Locks, (std::vector<std::string>{"a", "b"}));
}

TEST(Analysis, OneOrderEverywhereIsNoCycle) {
  EXPECT_TRUE(check(twoLockers("a", "b", "a", "b")).empty());
}

TEST(Acquisitions, CallersInheritTheirCalleesLocksBoundToTheirArguments) {
  // lock_it(m) takes its parameter; caller passes &mu while holding 'outer'.
  FunctionFacts LockIt = function("lock_it", 3);
  LockIt.ParamNames = {"m"};
  LockOpFact O = acquire("m", 4, {});
  O.Lock.Id = Id::parse("param:c:@F@lock_it#0");
  LockIt.LockOps.push_back(O);
  FunctionFacts Caller = function("caller", 8);
  CallFact C;
  C.Callee = LockIt.Usr;
  C.CalleeName = "lock_it";
  C.Where = {File, 9, 3};
  C.Held = {lock("outer", 8)};
  ObjRef Arg;
  Arg.K = ObjRef::Var;
  Arg.Id = Id::parse("c:@mu");
  Arg.Name = "mu";
  C.Args.push_back(Arg);
  Caller.Calls.push_back(C);
  TUFacts T;
  T.Functions = {LockIt, Caller};
  Program P;
  P.add(T);
  AcquisitionMap Acq = summariseAcquisitions(P);
  ASSERT_EQ(Acq["c:@F@caller"].size(), 1u);
  const AcqSite &S = Acq["c:@F@caller"].begin()->second;
  EXPECT_EQ(S.Lock.Id.str(), "c:@mu");
  EXPECT_EQ(S.Lock.Name, "mu");
  EXPECT_EQ(S.Fn, LockIt.Usr);
  EXPECT_EQ(S.chain(), (std::vector<std::string>{"caller at /src/t.c:9:3"}));
  EXPECT_EQ(S.Held, (std::set<Id>{Id::parse("c:@outer")}));
}

} // namespace

// dropCoveredAccesses removes the hand-on markers (a pointer parameter passed
// to a function the program defines): the naming cuts' access indexes follow
// the accesses kept, and a dropped access leaves every list.
TEST(Program, DroppedAccessesKeepNamingCutsInStep) {
  FunctionFacts Callee = function("fill", 2);
  FunctionFacts F = function("optimize", 10);
  for (unsigned I = 0; I < 4; ++I) {
    AccessFact A;
    A.Loc = I == 1 ? Id::parse("param:c:@F@optimize#0") : Id::parse("c:@g" + std::to_string(I));
    A.Name = "a" + std::to_string(I);
    A.Where = {File, 11 + I, 3};
    if (I == 1)
      A.ByCallee = Callee.Usr; // defined: a marker only
    F.Accesses.push_back(A);
  }
  CallFact C;
  C.Callee = Callee.Usr;
  F.Calls = {C, C};
  F.NamingCuts.push_back({0, 1, {0, 1, 3}, {}});
  TUFacts T;
  T.MainFile = File;
  T.Functions = {Callee, F};
  Program P;
  P.add(T);
  dropCoveredAccesses(P);
  const FunctionFacts &G = P.Functions.at(F.Usr);
  ASSERT_EQ(G.Accesses.size(), 3u);
  EXPECT_EQ(G.Accesses[2].Name, "a3");
  EXPECT_EQ(G.NamingCuts[0].Accesses, (std::vector<unsigned>{0, 2}));
}

// A function's facts by USR: by its text and by an interned USR (a call's
// Callee), the same facts; a USR the program does not define, none.
TEST(Analysis, FunctionByTextAndByInternedUsr) {
  TUFacts TU;
  TU.MainFile = File;
  TU.Functions = {function("main", 10), function("worker", 3)};
  Program P;
  P.add(TU);
  ProgramAnalysis A(P);
  const std::string Worker = "c:@F@worker";
  ASSERT_NE(A.function(Worker), nullptr);
  EXPECT_EQ(A.function(Worker)->Name, "worker");
  EXPECT_EQ(A.function(IString(Worker)), A.function(Worker));
  EXPECT_EQ(A.function(llvm::StringRef(Worker)), A.function(Worker));
  EXPECT_EQ(A.function(IString("c:@F@main")), A.function("c:@F@main"));
  EXPECT_NE(A.function(IString("c:@F@main")), A.function(IString(Worker)));
  EXPECT_EQ(A.function(IString("c:@F@undefined")), nullptr);
  EXPECT_EQ(A.function("c:@F@undefined"), nullptr);
}
