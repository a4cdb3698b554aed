//===- FlagsTest.cpp - PARCHECK_OPTIONS parsing ---------------------------===//
#include "rt_flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace parcheck;

static std::vector<std::string> g_warnings;
static void Collect(const char *m) { g_warnings.push_back(m); }

TEST(Flags, DefaultsComeFromTheTable) {
  Flags f;
  f.setDefaults();
  EXPECT_EQ(f.exitcode, 66);
  EXPECT_EQ(f.deadlock_exitcode, 67);
  EXPECT_TRUE(f.detect_lock_order);
  EXPECT_FALSE(f.hold_times);
  EXPECT_STREQ(f.on_deadlock, "exit");
}

TEST(Flags, ParsesColonSeparatedList) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse("exitcode=3:hold_times=1:json_path=/tmp/x.%p.json::verbosity=2:detect_lock_order=false",
          Collect);
  EXPECT_TRUE(g_warnings.empty());
  EXPECT_EQ(f.exitcode, 3);
  EXPECT_TRUE(f.hold_times);
  EXPECT_STREQ(f.json_path, "/tmp/x.%p.json");
  EXPECT_EQ(f.verbosity, 2);
  EXPECT_FALSE(f.detect_lock_order);
}

TEST(Flags, WarnsOnUnknownAndBadValues) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse("no_such_flag=1:exitcode=abc:hold_times=maybe", Collect);
  ASSERT_EQ(g_warnings.size(), 3u);
  EXPECT_NE(g_warnings[0].find("unknown option 'no_such_flag'"), std::string::npos);
  EXPECT_NE(g_warnings[1].find("bad value for option 'exitcode'"), std::string::npos);
  EXPECT_EQ(f.exitcode, 66);
}
