// Extraction over small source strings: the facts a function yields.
#include "extract/Extract.h"

#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

#include <algorithm>

using namespace parcheck;

namespace {

class FactsAction : public clang::ASTFrontendAction {
public:
  explicit FactsAction(TUFacts &Out) : Out(Out) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &,
                                                        llvm::StringRef) override {
    return makeFactsConsumer(Out);
  }

private:
  TUFacts &Out;
};

TUFacts extract(const std::string &Code, const std::string &FileName,
                std::vector<std::string> Args = {}) {
  TUFacts T;
  Args.insert(Args.begin(), {"-resource-dir", PARCHECK_CLANG_RESOURCE_DIR, "-w"});
  bool Ok = clang::tooling::runToolOnCodeWithArgs(std::make_unique<FactsAction>(T), Code, Args,
                                                  FileName);
  EXPECT_TRUE(Ok);
  return T;
}

const FunctionFacts *function(const TUFacts &T, const std::string &Name) {
  for (const FunctionFacts &F : T.Functions)
    if (F.Name == Name)
      return &F;
  ADD_FAILURE() << "no function '" << Name << "'";
  return nullptr;
}

const char *Counter = R"(
#include <pthread.h>
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int counter;
void *worker(void *arg) {
  pthread_mutex_lock(&mu);
  counter++;
  pthread_mutex_unlock(&mu);
  return arg;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return counter;
}
)";

TEST(Extract, AccessCarriesTheLocksHeldThere) {
  TUFacts T = extract(Counter, "counter.c");
  const FunctionFacts *W = function(T, "worker");
  ASSERT_TRUE(W);
  ASSERT_EQ(W->Accesses.size(), 1u);
  const AccessFact &A = W->Accesses[0];
  EXPECT_EQ(A.Loc.str(), "c:@counter");
  EXPECT_EQ(A.Name, "counter");
  EXPECT_TRUE(A.Write);
  EXPECT_EQ(A.Where.Line, 7u);
  ASSERT_EQ(A.Held.size(), 1u);
  EXPECT_EQ(A.Held[0].Id.str(), "c:@mu");
  EXPECT_EQ(A.Held[0].Where.Line, 6u);
}

TEST(Extract, LockOperationsInOrder) {
  TUFacts T = extract(Counter, "counter.c");
  const FunctionFacts *W = function(T, "worker");
  ASSERT_TRUE(W);
  ASSERT_EQ(W->LockOps.size(), 2u);
  EXPECT_EQ(W->LockOps[0].Kind, LockOpFact::Acquire);
  EXPECT_TRUE(W->LockOps[0].HeldBefore.empty());
  EXPECT_EQ(W->LockOps[1].Kind, LockOpFact::Release);
  ASSERT_EQ(W->LockOps[1].HeldBefore.size(), 1u);
  EXPECT_EQ(W->LockOps[1].Lock.Id.str(), "c:@mu");
  ASSERT_EQ(W->Exits.size(), 1u);
  EXPECT_TRUE(W->Exits[0].Held.empty());
}

TEST(Extract, SpawnNamesItsEntryAndHandle) {
  TUFacts T = extract(Counter, "counter.c");
  const FunctionFacts *M = function(T, "main");
  ASSERT_TRUE(M);
  EXPECT_TRUE(M->IsMain);
  ASSERT_EQ(M->Spawns.size(), 1u);
  const SpawnFact &S = M->Spawns[0];
  EXPECT_EQ(S.Api, "pthread_create");
  EXPECT_EQ(S.Entry, "c:@F@worker");
  EXPECT_EQ(S.Handle, "c:@F@main|t");
  EXPECT_FALSE(S.InLoop);
  // The read in 'return counter' runs after the join: no handle is live there.
  ASSERT_EQ(M->Accesses.size(), 1u);
  EXPECT_TRUE(M->Accesses[0].Live.empty());
}

TEST(Extract, GuardReleasesAtTheEndOfItsScope) {
  TUFacts T = extract(R"(
#include <mutex>
std::mutex mu;
int value;
void set(int v) {
  {
    std::lock_guard<std::mutex> g(mu);
    value = v;
  }
  value = v + 1;
}
)", "guard.cpp");
  const FunctionFacts *F = function(T, "set");
  ASSERT_TRUE(F);
  ASSERT_EQ(F->Accesses.size(), 2u);
  ASSERT_EQ(F->Accesses[0].Held.size(), 1u);
  EXPECT_EQ(F->Accesses[0].Held[0].Name, "mu");
  EXPECT_TRUE(F->Accesses[1].Held.empty());
}

TEST(Extract, ParameterLocksAreNamedByFunctionAndIndex) {
  TUFacts T = extract(R"(
#include <pthread.h>
void lock_both(pthread_mutex_t *a, pthread_mutex_t *b) {
  pthread_mutex_lock(a);
  pthread_mutex_lock(b);
}
)", "params.c");
  const FunctionFacts *F = function(T, "lock_both");
  ASSERT_TRUE(F);
  ASSERT_EQ(F->LockOps.size(), 2u);
  EXPECT_EQ(F->LockOps[0].Lock.Id.str(), "param:c:@F@lock_both#0");
  EXPECT_EQ(F->LockOps[1].Lock.Id.str(), "param:c:@F@lock_both#1");
  ASSERT_EQ(F->Exits.size(), 1u);
  EXPECT_EQ(F->Exits[0].Held.size(), 2u);
}

// The object-site and common-pointee walks are skipped for a body that has
// nothing they act on (FunctionAnalyzer::BodyKinds), but not for one whose
// code they reach and the analyzer's walk does not: a block's body.
size_t sitesOf(const TUFacts &T, const std::string &Class) {
  return size_t(std::count_if(T.ObjectSites.begin(), T.ObjectSites.end(),
                              [&](const auto &S) { return S.first == Class; }));
}

TEST(Extract, ObjectSitesOfPlainBlockAndLoopFreeBodies) {
  TUFacts T = extract(R"(
#include <stdlib.h>
struct made { int v; };
struct inblock { int v; };
struct never { int v; };
struct made *make(void) { return malloc(sizeof(struct made)); }
void (*hook)(void);
void (^later)(void);
void set(void) {
  later = ^{ struct inblock *p = malloc(sizeof(struct inblock)); free(p); };
}
int plain(struct never *n) { static int calls; return ++calls + n->v; }
)", "sites.c", {"-fblocks"});
  EXPECT_EQ(sitesOf(T, "made"), 1u);
  EXPECT_EQ(sitesOf(T, "inblock"), 1u);
  EXPECT_EQ(sitesOf(T, "never"), 0u);
}

TEST(Extract, CommonPointeeInALoopInsideABlock) {
  TUFacts T = extract(R"(
struct stats { long hits; };
struct other { long hits; };
struct args { struct stats *st; struct other *ot; };
void setup(struct args *a) {
  __block struct stats st;
  struct other ot;
  a[0].ot = &ot;
  void (^fill)(void) = ^{
    for (int i = 0; i < 4; i++)
      a[i].st = &st;
  };
  fill();
}
)", "pointees.c", {"-fblocks"});
  auto Shared = [&](const char *C) {
    return std::count(T.SharedClasses.begin(), T.SharedClasses.end(), C);
  };
  EXPECT_EQ(Shared("stats"), 1);
  EXPECT_EQ(Shared("other"), 0); // assigned outside any loop
}

} // namespace
