#include "report/Report.h"
#include "gtest/gtest.h"

using namespace parcheck;

TEST(StackFrame, SplitsAtTheLastAt) {
  StackFrame F = parseFrame("lambda at /src/a.cpp:3:7 at /src/b c.cpp:12:5");
  EXPECT_EQ(F.Function, "lambda at /src/a.cpp:3:7");
  EXPECT_EQ(F.Where.File, "/src/b c.cpp");
  EXPECT_EQ(F.Where.Line, 12u);
  EXPECT_EQ(F.Where.Col, 5u);
  StackFrame G = parseFrame("no location");
  EXPECT_EQ(G.Function, "no location");
  EXPECT_FALSE(G.Where.valid());
}

TEST(CappedStack, KeepsBothEnds) {
  std::vector<std::string> S;
  for (int I = 0; I < 49997; ++I)
    S.push_back("f" + std::to_string(I));
  CappedStack C = capStack(S, 10);
  ASSERT_EQ(C.Head.size(), 5u);
  ASSERT_EQ(C.Tail.size(), 5u);
  EXPECT_EQ(C.Head.front(), "f0");
  EXPECT_EQ(C.Tail.back(), "f49996");
  EXPECT_EQ(C.Elided, 49987u);
  EXPECT_EQ(capStack(S, 0).Head.size(), S.size());
  CappedStack Short = capStack({"a", "b"}, 10);
  EXPECT_EQ(Short.Head.size(), 2u);
  EXPECT_EQ(Short.Elided, 0u);
  CappedStack Odd = capStack(S, 3);
  EXPECT_EQ(Odd.Head.size(), 2u);
  EXPECT_EQ(Odd.Tail.size(), 1u);
}

namespace {
Finding race(const std::string &File, unsigned Line, const std::string &Identity) {
  Finding F;
  F.Kind = "race";
  F.Message = "data race on 'x'";
  FindingLoc L;
  L.Where = {File, Line, 3};
  L.Role = "access";
  F.Locations.push_back(L);
  F.Identity = {Identity};
  return F;
}
} // namespace

TEST(FindingCollector, SameFindingInTwoProgramsIsOneReport) {
  FindingCollector C;
  C.setProgram("b.c");
  C.report(race("/s/b.c", 9, "field:x"));
  C.setProgram("a.c");
  C.report(race("/s/a.c", 4, "field:x"));
  std::vector<Finding> R = C.take();
  ASSERT_EQ(R.size(), 1u);
  EXPECT_EQ(R[0].Locations[0].Where.File, "/s/a.c");
  ASSERT_EQ(R[0].Locations.size(), 2u);
  EXPECT_EQ(R[0].Locations[1].Role, "other-program");
  EXPECT_EQ(R[0].Locations[1].Where.File, "/s/b.c");
  EXPECT_EQ(R[0].Programs, (std::vector<std::string>{"a.c", "b.c"}));
  EXPECT_EQ(R[0].fingerprint(), race("/s/a.c", 4, "field:x").fingerprint());
}

TEST(FindingCollector, OneProgramMergesTheSameFindingAtTwoPlaces) {
  // The fingerprint has no line numbers: one finding (one lock misuse reached
  // through two call sites of a helper) is one report, its other place a note.
  FindingCollector C;
  C.setProgram("a.c");
  C.report(race("/s/a.c", 8, "field:x"));
  C.report(race("/s/a.c", 4, "field:x"));
  std::vector<Finding> R = C.take();
  ASSERT_EQ(R.size(), 1u);
  EXPECT_EQ(R[0].Locations[0].Where.Line, 4u);
  ASSERT_EQ(R[0].Locations.size(), 2u);
  EXPECT_EQ(R[0].Locations[1].Role, "same-finding");
  EXPECT_EQ(R[0].Locations[1].Where.Line, 8u);
  EXPECT_EQ(R[0].Locations[1].Note, "the same finding here too");
  FindingCollector One; // a tree with one program names none
  One.report(race("/s/a.c", 4, "field:x"));
  R = One.take();
  ASSERT_EQ(R.size(), 1u);
  EXPECT_TRUE(R[0].Programs.empty());
  // Different findings at two places stay two reports.
  FindingCollector Two;
  Two.report(race("/s/a.c", 4, "field:x"));
  Two.report(race("/s/a.c", 8, "field:y"));
  EXPECT_EQ(Two.take().size(), 2u);
}

TEST(FindingCollector, SameFindingNotesAreCappedAndCounted) {
  FindingCollector C;
  for (unsigned Line = 1; Line <= 6; ++Line)
    C.report(race("/s/a.c", Line, "field:x"));
  std::vector<Finding> R = C.take();
  ASSERT_EQ(R.size(), 1u);
  ASSERT_EQ(R[0].Locations.size(), 4u); // the primary and 3 notes
  EXPECT_EQ(R[0].Locations[1].Note, "the same finding here too");
  EXPECT_EQ(R[0].Locations[3].Where.Line, 4u);
  EXPECT_EQ(R[0].Locations[3].Note, "the same finding here too, and at 2 more places");
}
