//===- RunCacheTest.cpp - reused findings are the findings ----------------===//
#include "driver/RunCache.h"

#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"

using namespace parcheck;

namespace {

FindingLoc loc(const std::string &File, unsigned Line, bool HeldKnown) {
  FindingLoc L;
  L.Where = {File, Line, 7};
  L.Role = "access";
  L.Thread = "worker";
  L.Function = "f";
  L.Note = "a \"quoted\" note\nwith a newline";
  // Longer than any output's chain cap: the cache keeps every frame.
  for (unsigned I = 0; I < 40; ++I)
    L.Stack.push_back("g" + std::to_string(I) + " at a.c:" + std::to_string(I) + ":1");
  L.HeldKnown = HeldKnown;
  if (HeldKnown)
    L.Held = {"m1", "m2"};
  return L;
}

// Every field of every finding comes back as it was written.
TEST(RunCacheTest, FindingsRoundTrip) {
  Finding A;
  A.Kind = "race";
  A.Severity = "error";
  A.Message = "data race on 'x'";
  A.Locations = {loc("/p/a.c", 3, true), loc("/p/b.c", 9, false)};
  A.Locks = {"m1"};
  A.Threads = {"main", "worker"};
  A.Source = "static";
  A.Identity = {"c:@x", "c:@F@main", "c:@F@w"};
  A.Programs = {"server.c", "bench.c"};
  A.Confidence = "medium";
  A.ConfidenceWhy = "a lock is held";
  Finding B; // every field at its default
  std::optional<std::vector<Finding>> Back =
      findingsFromCacheJSON(findingsToCacheJSON({A, B}));
  ASSERT_TRUE(Back);
  ASSERT_EQ(Back->size(), 2u);
  for (size_t I = 0; I < 2; ++I) {
    const Finding &W = I ? B : A, &G = (*Back)[I];
    EXPECT_EQ(G.Kind, W.Kind);
    EXPECT_EQ(G.Severity, W.Severity);
    EXPECT_EQ(G.Message, W.Message);
    EXPECT_EQ(G.Locks, W.Locks);
    EXPECT_EQ(G.Threads, W.Threads);
    EXPECT_EQ(G.Source, W.Source);
    EXPECT_EQ(G.Identity, W.Identity);
    EXPECT_EQ(G.Programs, W.Programs);
    EXPECT_EQ(G.Confidence, W.Confidence);
    EXPECT_EQ(G.ConfidenceWhy, W.ConfidenceWhy);
    ASSERT_EQ(G.Locations.size(), W.Locations.size());
    for (size_t K = 0; K < W.Locations.size(); ++K) {
      const FindingLoc &WL = W.Locations[K], &GL = G.Locations[K];
      EXPECT_TRUE(GL.Where == WL.Where);
      EXPECT_EQ(GL.Role, WL.Role);
      EXPECT_EQ(GL.Thread, WL.Thread);
      EXPECT_EQ(GL.Function, WL.Function);
      EXPECT_EQ(GL.Note, WL.Note);
      EXPECT_EQ(GL.Stack, WL.Stack);
      EXPECT_EQ(GL.HeldKnown, WL.HeldKnown);
      EXPECT_EQ(GL.Held, WL.Held);
    }
  }
}

// The text is printed as it is walked; its bytes are those llvm::json prints
// for the same value (keys sorted, strings escaped and invalid UTF-8 repaired
// as it does).
TEST(RunCacheTest, TextIsWhatLlvmJsonPrints) {
  Finding A;
  A.Kind = "race";
  A.Message = "tab\there, a control \x01 byte, \"quotes\", a \\ and bad UTF-8 \xff\xfe";
  A.Locations = {loc("/p/\xc3\xa9t\xc3\xa9.c", 3, true)};
  A.Identity = {"c:@x"};
  std::string Text = findingsToCacheJSON({A, Finding()});
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  ASSERT_TRUE(bool(V)) << llvm::toString(V.takeError());
  std::string Again;
  llvm::raw_string_ostream OS(Again);
  OS << *V;
  OS.flush();
  EXPECT_EQ(Again, Text);
  std::optional<std::vector<Finding>> Back = findingsFromCacheJSON(Text);
  ASSERT_TRUE(Back);
  EXPECT_EQ((*Back)[0].Locations[0].Where.File.str(), "/p/\xc3\xa9t\xc3\xa9.c");
}

// A cut or foreign text is refused as a whole, never half-read.
TEST(RunCacheTest, PartialTextIsRefused) {
  Finding A;
  A.Kind = "race";
  A.Locations = {loc("/p/a.c", 3, true)};
  std::string Text = findingsToCacheJSON({A});
  EXPECT_FALSE(findingsFromCacheJSON(Text.substr(0, Text.size() / 2)));
  EXPECT_FALSE(findingsFromCacheJSON("{\"kind\":\"race\"}"));
  EXPECT_FALSE(findingsFromCacheJSON("[{\"kind\":\"race\"}]")); // fields missing
  EXPECT_TRUE(findingsFromCacheJSON("[]"));
}

} // namespace
