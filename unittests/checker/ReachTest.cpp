// CFG reachability for the hand-off and cut facts (extract/Cuts.cpp): one walk
// back from the exit per avoided block (reachingExitAvoiding) must answer
// exactly what a walk forward from each block avoiding it (reachedFrom) does,
// on every block of functions with loops, gotos, switches, early returns and
// noreturn calls.
#include "extract/FunctionAnalyzer.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Analysis/CFG.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace parcheck;
using namespace clang::ast_matchers;

namespace {

const char *Code = R"(
void abort(void) __attribute__((noreturn));
int g(int);
int straight(int x) { x = g(x); return g(x); }
int branches(int x) {
  if (x > 3) { g(1); if (x > 9) return 0; }
  else g(2);
  g(3);
  return 1;
}
int loops(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) {
    if (g(i)) continue;
    while (g(s)) { if (s > 100) break; ++s; }
    if (s < 0) abort();
  }
  do { s = g(s); } while (s > 5);
  return s;
}
int jumps(int x) {
again:
  switch (x) {
  case 0: x = g(x); goto again;
  case 1: abort();
  case 2: return 2;
  default: break;
  }
  if (g(x)) goto done;
  x = g(x + 1);
done:
  return x;
}
void forever(int x) { for (;;) { if (g(x)) g(0); } }
void never_returns(int x) { if (x) abort(); abort(); }
)";

TEST(Reach, ReachingExitAvoidingAgreesWithReachedFrom) {
  std::unique_ptr<clang::ASTUnit> AST = clang::tooling::buildASTFromCodeWithArgs(
      Code, {"-resource-dir", PARCHECK_CLANG_RESOURCE_DIR, "-w"}, "reach.c");
  ASSERT_TRUE(AST);
  auto Fns = match(functionDecl(isDefinition(), isExpansionInMainFile()).bind("f"),
                   AST->getASTContext());
  ASSERT_EQ(Fns.size(), 6u);
  size_t Checked = 0, Reaching = 0, NotReaching = 0;
  for (const BoundNodes &N : Fns) {
    const auto *FD = N.getNodeAs<clang::FunctionDecl>("f");
    clang::CFG::BuildOptions BO;
    BO.setAllAlwaysAdd();
    std::unique_ptr<clang::CFG> Cfg =
        clang::CFG::buildCFG(FD, FD->getBody(), &AST->getASTContext(), BO);
    ASSERT_TRUE(Cfg) << FD->getName().str();
    const std::vector<const clang::CFGBlock *> ById = extract::blocksById(*Cfg);
    const unsigned Exit = Cfg->getExit().getBlockID();
    std::vector<unsigned> Avoids{~0u};
    for (unsigned A = 0; A < ById.size(); ++A)
      Avoids.push_back(A);
    for (unsigned Avoid : Avoids) {
      const llvm::BitVector Back = extract::reachingExitAvoiding(*Cfg, ById, Avoid);
      for (unsigned X = 0; X < ById.size(); ++X) {
        if (X == Avoid || !ById[X])
          continue;
        bool Forward = extract::reachedFrom(ById, X, Avoid).test(Exit);
        EXPECT_EQ(Back.test(X), Forward)
            << FD->getName().str() << ": block " << X << " avoiding " << int(Avoid);
        ++Checked;
        (Forward ? Reaching : NotReaching)++;
      }
    }
  }
  // Both answers occur (the property is not checked on trivial graphs only).
  EXPECT_GT(Checked, 200u);
  EXPECT_GT(Reaching, 50u);
  EXPECT_GT(NotReaching, 50u);
}

} // namespace
