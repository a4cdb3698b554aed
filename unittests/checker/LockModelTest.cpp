// The lock and thread API model: what a call does, read off small ASTs.
#include "extract/LockModel.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace parcheck;
using namespace clang::ast_matchers;

namespace {

std::unique_ptr<clang::ASTUnit> parse(const std::string &Code, const std::string &FileName) {
  return clang::tooling::buildASTFromCodeWithArgs(
      Code, {"-resource-dir", PARCHECK_CLANG_RESOURCE_DIR, "-w", "-std=c++20"}, FileName);
}

/// The first call of Callee, or construction of a class named Callee, in the
/// test's own code (the headers call and construct such things too).
const clang::Stmt *stmtNamed(clang::ASTUnit &AST, const std::string &Callee) {
  auto M = match(stmt(isExpansionInMainFile(),
                      anyOf(callExpr(callee(functionDecl(hasName(Callee)))),
                            cxxConstructExpr(hasDeclaration(cxxConstructorDecl(
                                ofClass(cxxRecordDecl(hasName(Callee))))))))
                     .bind("s"),
                 AST.getASTContext());
  return M.empty() ? nullptr : M.front().getNodeAs<clang::Stmt>("s");
}

TEST(LockModel, PthreadCalls) {
  auto AST = parse(R"(
#include <pthread.h>
pthread_mutex_t mu;
pthread_rwlock_t rw;
void f() {
  pthread_mutex_lock(&mu);
  pthread_mutex_trylock(&mu);
  pthread_mutex_unlock(&mu);
  pthread_rwlock_rdlock(&rw);
}
)", "p.cpp");
  ASSERT_TRUE(AST);
  LockCall L = classifyLockCall(stmtNamed(*AST, "pthread_mutex_lock"));
  EXPECT_EQ(L.Action, LockAction::Acquire);
  EXPECT_EQ(L.Locks.size(), 1u);
  EXPECT_FALSE(L.Shared);
  LockCall T = classifyLockCall(stmtNamed(*AST, "pthread_mutex_trylock"));
  EXPECT_EQ(T.Action, LockAction::TryAcquire);
  EXPECT_EQ(T.Success, TrySuccess::Zero);
  EXPECT_EQ(classifyLockCall(stmtNamed(*AST, "pthread_mutex_unlock")).Action,
            LockAction::Release);
  LockCall R = classifyLockCall(stmtNamed(*AST, "pthread_rwlock_rdlock"));
  EXPECT_EQ(R.Action, LockAction::Acquire);
  EXPECT_TRUE(R.Shared);
}

TEST(LockModel, StdLockTakesEveryArgument) {
  auto AST = parse(R"(
#include <mutex>
std::mutex a, b;
void f() { std::lock(a, b); }
)", "l.cpp");
  ASSERT_TRUE(AST);
  LockCall L = classifyLockCall(stmtNamed(*AST, "lock"));
  EXPECT_EQ(L.Action, LockAction::Acquire);
  EXPECT_EQ(L.Locks.size(), 2u);
}

TEST(LockModel, GuardsAreRecognisedInStdOnly) {
  auto AST = parse(R"(
#include <mutex>
std::mutex mu;
namespace mine { template <class M> struct lock_guard { lock_guard(M &) {} }; }
void f() {
  std::lock_guard<std::mutex> g(mu);
  mine::lock_guard<std::mutex> h(mu);
}
)", "g.cpp");
  ASSERT_TRUE(AST);
  auto M = match(varDecl(hasName("g")).bind("v"), AST->getASTContext());
  ASSERT_EQ(M.size(), 1u);
  EXPECT_TRUE(isGuardType(M[0].getNodeAs<clang::VarDecl>("v")->getType()));
  auto N = match(varDecl(hasName("h")).bind("v"), AST->getASTContext());
  ASSERT_EQ(N.size(), 1u);
  EXPECT_FALSE(isGuardType(N[0].getNodeAs<clang::VarDecl>("v")->getType()));
}

TEST(LockModel, ThreadCreationAndJoin) {
  auto AST = parse(R"(
#include <pthread.h>
#include <thread>
void *work(void *p) { return p; }
void run() {}
void f() {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  pthread_join(t, 0);
  std::thread s(run);
  s.join();
}
)", "t.cpp");
  ASSERT_TRUE(AST);
  SpawnCall P = classifySpawn(stmtNamed(*AST, "pthread_create"));
  EXPECT_EQ(P.Api, ThreadApi::PthreadCreate);
  EXPECT_STREQ(threadApiName(P.Api), "pthread_create");
  EXPECT_TRUE(P.Handle);
  EXPECT_EQ(P.Args.size(), 1u);
  EXPECT_EQ(classifyJoin(stmtNamed(*AST, "pthread_join")).Api, JoinApi::PthreadJoin);
  EXPECT_EQ(classifySpawn(stmtNamed(*AST, "thread")).Api, ThreadApi::StdThread);
  auto J = match(
      cxxMemberCallExpr(isExpansionInMainFile(), callee(cxxMethodDecl(hasName("join"))))
          .bind("s"),
      AST->getASTContext());
  ASSERT_EQ(J.size(), 1u);
  EXPECT_EQ(classifyJoin(J[0].getNodeAs<clang::Stmt>("s")).Api, JoinApi::MemberJoin);
}

TEST(LockModel, SyncTypesAreNotData) {
  auto AST = parse(R"(
#include <atomic>
#include <mutex>
std::mutex m;
std::atomic<int> a;
int i;
)", "s.cpp");
  ASSERT_TRUE(AST);
  auto typeOf = [&](const char *Name) {
    auto M = match(varDecl(hasName(Name)).bind("v"), AST->getASTContext());
    return M.front().getNodeAs<clang::VarDecl>("v")->getType();
  };
  EXPECT_TRUE(isSyncType(typeOf("m")));
  EXPECT_TRUE(isSyncType(typeOf("a")));
  EXPECT_TRUE(isAtomicType(typeOf("a")));
  EXPECT_FALSE(isSyncType(typeOf("i")));
}

} // namespace
