//===- FlagsTest.cpp - PARCHECK_OPTIONS parsing ---------------------------===//
#include "rt_flags.h"
#include "rt_common.h"

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

TEST(Flags, ColonCommaAndWhitespaceSeparate) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse(" exitcode=3,hold_times=1\tverbosity=1\nstats_top=4 , print_stats=1:\r\n", Collect);
  EXPECT_TRUE(g_warnings.empty());
  EXPECT_EQ(f.exitcode, 3);
  EXPECT_TRUE(f.hold_times);
  EXPECT_EQ(f.verbosity, 1);
  EXPECT_EQ(f.stats_top, 4);
  EXPECT_TRUE(f.print_stats);
}

TEST(Flags, QuotedValuesKeepSeparators) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse("log_path='/tmp/a b:c,d.log' json_path=\"x y\":exitcode=5", Collect);
  EXPECT_TRUE(g_warnings.empty());
  EXPECT_STREQ(f.log_path, "/tmp/a b:c,d.log");
  EXPECT_STREQ(f.json_path, "x y");
  EXPECT_EQ(f.exitcode, 5);
  f.parse("log_path='/tmp/open", Collect);
  ASSERT_EQ(g_warnings.size(), 1u);
  EXPECT_EQ(g_warnings[0], "bad value for option 'log_path': '/tmp/open' (unterminated quote; "
                           "using '/tmp/a b:c,d.log')");
}

TEST(Flags, InvalidChoiceIsWarnedAndKeepsTheValue) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse("on_deadlock=explode", Collect);
  ASSERT_EQ(g_warnings.size(), 1u);
  EXPECT_EQ(g_warnings[0], "bad value for option 'on_deadlock': 'explode' (expected one of exit, "
                           "abort, hang, continue; using 'exit')");
  EXPECT_STREQ(f.on_deadlock, "exit");
  g_warnings.clear();
  f.parse("on_deadlock=hang:on_deadlock=Abort", Collect);
  ASSERT_EQ(g_warnings.size(), 1u);  // choices are case-sensitive, as every option value is
  EXPECT_STREQ(f.on_deadlock, "hang");
}

TEST(Flags, OutOfRangeIntegersAreClampedWithAWarning) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse("stack_depth=1000:starvation_ms=-5:watchdog_interval_ms=0:exitcode=300:"
          "long_hold_ms=99999999999999999999:verbosity=-1",
          Collect);
  ASSERT_EQ(g_warnings.size(), 6u);
  EXPECT_EQ(g_warnings[0],
            "bad value for option 'stack_depth': '1000' (out of range 1..64; using 64)");
  EXPECT_EQ(f.stack_depth, 64);
  EXPECT_EQ(g_warnings[1],
            "bad value for option 'starvation_ms': '-5' (must be >= 0; using 0)");
  EXPECT_EQ(f.starvation_ms, 0);
  EXPECT_EQ(g_warnings[2], "bad value for option 'watchdog_interval_ms': '0' (out of range "
                           "1..3600000; using 1)");
  EXPECT_EQ(f.watchdog_interval_ms, 1);
  EXPECT_EQ(f.exitcode, 255);  // 300 would be 44 after the kernel's truncation
  EXPECT_EQ(f.long_hold_ms, 2147483647);
  EXPECT_EQ(f.verbosity, 0);
  // In range: no warning.
  g_warnings.clear();
  f.parse("stack_depth=1:stack_depth=64:starvation_ms=0:exitcode=0", Collect);
  EXPECT_TRUE(g_warnings.empty());
}

TEST(Flags, MalformedValuesNameWhatIsUsed) {
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  f.parse("hold_times=maybe:stats_top=12x:exitcode:print_stats", Collect);
  ASSERT_EQ(g_warnings.size(), 4u);
  EXPECT_EQ(g_warnings[0], "bad value for option 'hold_times': 'maybe' (expected 0, 1, true, "
                           "false, yes or no; using 0)");
  EXPECT_EQ(g_warnings[1],
            "bad value for option 'stats_top': '12x' (expected an integer; using 10)");
  EXPECT_EQ(g_warnings[2], "option 'exitcode' has no value (write exitcode=value); using 66");
  EXPECT_EQ(g_warnings[3], "option 'print_stats' has no value (write print_stats=value); using 0");
  EXPECT_EQ(f.stats_top, 10);
}

TEST(Flags, TableLimitsAreConsistentWithDefaults) {
  // Every default lies within its option's limits (the table is the one source of truth).
  Flags f;
  f.setDefaults();
  g_warnings.clear();
  Str all;
#define PARCHECK_FLAG(type, name, def, doc, ...) all.add(#name "=").add(#def).add(":");
  // Defaults written as C literals: strings keep their quotes, which the parser accepts.
#include "rt_flags.inc"
#undef PARCHECK_FLAG
  f.parse(all.c_str(), Collect);
  for (const std::string &w : g_warnings) ADD_FAILURE() << w;
}
