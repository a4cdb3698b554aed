#include "report/Baseline.h"
#include "report/Filter.h"
#include "gtest/gtest.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace parcheck;

TEST(CheckFilter, EmptyEnablesEverything) {
  auto F = CheckFilter::parse("");
  ASSERT_TRUE(bool(F));
  for (const std::string &C : knownChecks())
    EXPECT_TRUE(F->enabled(C)) << C;
}

TEST(CheckFilter, PositiveListSelectsOnlyThose) {
  auto F = CheckFilter::parse("parcheck-lock-order,race");
  ASSERT_TRUE(bool(F));
  EXPECT_TRUE(F->enabled("parcheck-lock-order"));
  EXPECT_TRUE(F->enabled("parcheck-race"));
  EXPECT_FALSE(F->enabled("parcheck-lock-leak"));
}

TEST(CheckFilter, NegativeOnlyDisables) {
  auto F = CheckFilter::parse("-parcheck-lock-leak");
  ASSERT_TRUE(bool(F));
  EXPECT_FALSE(F->enabled("parcheck-lock-leak"));
  EXPECT_TRUE(F->enabled("parcheck-race"));
}

TEST(CheckFilter, LastMatchWinsWithGlobs) {
  auto F = CheckFilter::parse("-*,lock-*,-parcheck-lock-leak");
  ASSERT_TRUE(bool(F));
  EXPECT_TRUE(F->enabled("parcheck-lock-order"));
  EXPECT_FALSE(F->enabled("parcheck-lock-leak"));
  EXPECT_FALSE(F->enabled("parcheck-race"));
}

TEST(CheckFilter, UnknownNameIsAnError) {
  auto F = CheckFilter::parse("parcheck-lock-ordr");
  ASSERT_FALSE(bool(F));
  EXPECT_NE(llvm::toString(F.takeError()).find("unknown check"), std::string::npos);
}

static Finding finding(const std::string &Kind, const std::string &File, unsigned Line) {
  Finding F;
  F.Kind = Kind;
  F.Message = "m";
  F.Identity = {"c:@mu", "c:@F@f"};
  F.Locations.push_back({{File, Line, 3}, "acquire", "", "", "", {}, false, {}});
  return F;
}

TEST(Suppressions, LineAndLineBeforeWithCheckName) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("supp", "c", Path));
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    OS << "int a;\n"
          "// parcheck-ignore(parcheck-lock-leak): reason\n"
          "return 1;\n"
          "return 2; // parcheck-ignore(lock-*): glob\n"
          "int b;\n"
          "int c;\n"
          "return 3; // parcheck-ignore(parcheck-race): other check\n";
  }
  std::vector<Finding> Fs = {finding("lock-leak", Path.str().str(), 3),
                             finding("lock-leak", Path.str().str(), 4),
                             finding("lock-leak", Path.str().str(), 7),
                             finding("lock-leak", Path.str().str(), 1)};
  SourceLines Src;
  EXPECT_EQ(applySuppressions(Fs, Src), 2u);
  ASSERT_EQ(Fs.size(), 2u);
  EXPECT_EQ(Fs[0].Locations[0].Where.Line, 7u);
  EXPECT_EQ(Fs[1].Locations[0].Where.Line, 1u);
  llvm::sys::fs::remove(Path);
}

TEST(Baseline, RoundTripDropsKnownFindingsOnly) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("baseline", "json", Path));
  Finding Old = finding("lock-leak", "/a.c", 10);
  ASSERT_FALSE(bool(writeBaseline(Path.str().str(), {Old})));
  auto B = readBaseline(Path.str().str());
  ASSERT_TRUE(bool(B)) << llvm::toString(B.takeError());
  Finding Moved = Old;
  Moved.Locations[0].Where.Line = 99; // code motion keeps the fingerprint
  Finding New = Old;
  New.Identity = {"c:@other", "c:@F@g"};
  std::vector<Finding> Fs = {Moved, New};
  EXPECT_EQ(applyBaseline(Fs, *B), 1u);
  ASSERT_EQ(Fs.size(), 1u);
  EXPECT_EQ(Fs[0].Identity[0], "c:@other");
  llvm::sys::fs::remove(Path);
}
