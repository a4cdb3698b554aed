#include "driver/Options.h"
#include "report/Filter.h"
#include "gtest/gtest.h"

using namespace parcheck;

namespace {

// Views of string literals, which outlive every test.
std::vector<llvm::StringRef> lines(std::initializer_list<const char *> L) {
  return std::vector<llvm::StringRef>(L.begin(), L.end());
}

bool parse(std::vector<const char *> Args, Options &O) {
  Args.insert(Args.begin(), "parcheck");
  return parseOptions(int(Args.size()), Args.data(), O);
}
} // namespace

TEST(Nolint, SameLineAllOrListed) {
  auto L = lines({"x++; // NOLINT", "y++; // NOLINT(parcheck-race, bugprone-*)",
                  "z++; // NOLINT(parcheck-lock-*)", "w++; // NOLINT("});
  EXPECT_TRUE(nolintSuppresses(L, 1, "parcheck-race"));
  EXPECT_TRUE(nolintSuppresses(L, 2, "parcheck-race"));
  EXPECT_FALSE(nolintSuppresses(L, 3, "parcheck-race"));
  EXPECT_TRUE(nolintSuppresses(L, 3, "parcheck-lock-order"));
  EXPECT_FALSE(nolintSuppresses(L, 4, "parcheck-race")) << "an unclosed list is no marker";
}

TEST(Nolint, NextLineOnlyTheNext) {
  auto L = lines({"// NOLINTNEXTLINE(parcheck-race)", "x++;", "y++;"});
  EXPECT_FALSE(nolintSuppresses(L, 1, "parcheck-race"));
  EXPECT_TRUE(nolintSuppresses(L, 2, "parcheck-race"));
  EXPECT_FALSE(nolintSuppresses(L, 3, "parcheck-race"));
}

TEST(Nolint, BeginEndBlocks) {
  auto L = lines({"a;", "// NOLINTBEGIN(parcheck-race)", "b;", "// NOLINTEND(parcheck-race)",
                  "c;", "// NOLINTBEGIN", "d;", "// NOLINTEND(parcheck-race)", "e;"});
  EXPECT_FALSE(nolintSuppresses(L, 1, "parcheck-race"));
  EXPECT_TRUE(nolintSuppresses(L, 3, "parcheck-race"));
  EXPECT_FALSE(nolintSuppresses(L, 3, "parcheck-lock-order"));
  EXPECT_FALSE(nolintSuppresses(L, 5, "parcheck-race"));
  EXPECT_FALSE(nolintSuppresses(L, 7, "parcheck-race")) << "END's list differs: unmatched";
}

TEST(LineFilter, RangesAndWholeFiles) {
  auto F = LineFilter::parse(R"([{"name":"a.c","lines":[[3,5],[9,9]]},{"name":"b.h"}])");
  ASSERT_TRUE(bool(F));
  EXPECT_TRUE(F->passes({"/src/a.c", 4, 1}));
  EXPECT_TRUE(F->passes({"/src/a.c", 9, 1}));
  EXPECT_FALSE(F->passes({"/src/a.c", 6, 1}));
  EXPECT_TRUE(F->passes({"/inc/b.h", 100, 1}));
  EXPECT_FALSE(F->passes({"/src/c.c", 4, 1}));
}

TEST(LineFilter, MalformedIsAnError) {
  for (const char *Bad : {"{}", "[1]", R"([{"lines":[[1,2]]}])", R"([{"name":"a","lines":[[1]]}])",
                          R"([{"name":"a","lines":[]}])", "[", ""}) {
    auto F = LineFilter::parse(Bad);
    EXPECT_FALSE(bool(F)) << Bad;
    if (!F)
      llvm::consumeError(F.takeError());
  }
}

TEST(Options, ClangTidySpellings) {
  Options O;
  ASSERT_TRUE(parse({"-j4", "-checks=race", "--header-filter", "inc/", "--extra-arg=-DA",
                     "--extra-arg", "-DB", "-p=build", "--quiet", "x.c"},
                    O));
  EXPECT_EQ(O.Jobs, 4u);
  EXPECT_EQ(O.Checks.value_or(""), "race");
  EXPECT_EQ(O.HeaderFilter.value_or(""), "inc/");
  EXPECT_EQ(O.ExtraArgs, (std::vector<std::string>{"-DA", "-DB"}));
  EXPECT_EQ(O.BuildPath, "build");
  EXPECT_TRUE(O.Quiet);
  EXPECT_EQ(O.Inputs, (std::vector<std::string>{"x.c"}));
  Options J;
  ASSERT_TRUE(parse({"--jobs=3", "--colour=false", "a.c", "--", "-DX", "--checks=x"}, J));
  EXPECT_EQ(J.Jobs, 3u);
  EXPECT_EQ(J.Colour, std::optional<bool>(false));
  EXPECT_TRUE(J.HaveFlags);
  EXPECT_EQ(J.Flags, (std::vector<std::string>{"-DX", "--checks=x"})) << "after --: flags";
}

TEST(Options, UnknownIsAnErrorNotHelp) {
  for (const char *Bad : {"--hello", "-hv", "--header-filtr=x", "-x", "--jobs=x", "--checks"}) {
    Options O;
    EXPECT_FALSE(parse({Bad}, O)) << Bad;
    EXPECT_FALSE(O.Help) << Bad;
  }
}
