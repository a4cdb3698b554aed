//===- MessageTest.cpp - the message formatter and its tables -------------===//
#include "report/Message.h"

#include "gtest/gtest.h"

using namespace parcheck;

namespace {

MsgArg name(const std::string &S) { return msg::arg(ArgKind::LockName, S); }
MsgArg text(const std::string &S) { return msg::arg(ArgKind::Text, S); }
MsgArg flag(bool B) { return msg::arg(ArgKind::Flag, B); }
MsgArg count(uint64_t N) { return msg::arg(ArgKind::Count, N); }
MsgArg names(const std::vector<std::string> &L) { return msg::arg(ArgKind::NameList, L); }

TEST(MessageTest, NamesAreQuotedTextIsNot) {
  EXPECT_EQ(formatTemplate("%0 held by %1", {name("mu"), text("a caller")}),
            "'mu' held by a caller");
  EXPECT_EQ(formatTemplate("%0", {msg::arg(ArgKind::ThreadName, "main")}), "'main'");
  EXPECT_EQ(formatTemplate("%1 then %0", {name("a"), name("b")}), "'b' then 'a'");
  EXPECT_EQ(formatTemplate("100%% of %0", {count(3)}), "100% of 3");
}

TEST(MessageTest, Select) {
  const char *T = "%0 acquired while %select{|possibly }1already held";
  EXPECT_EQ(formatTemplate(T, {name("m"), flag(false)}), "'m' acquired while already held");
  EXPECT_EQ(formatTemplate(T, {name("m"), flag(true)}),
            "'m' acquired while possibly already held");
  EXPECT_EQ(formatTemplate("%select{zero|one|two}0", {count(2)}), "two");
  EXPECT_EQ(formatTemplate("[%select{zero|one}0]", {count(5)}), "[]");
}

TEST(MessageTest, AlternativesHoldPlaceholdersAndDirectives) {
  const char *T = "%0 held%select{| (lock %2)}1";
  EXPECT_EQ(formatTemplate(T, {name("s->mu"), flag(true), name("S::mu")}),
            "'s->mu' held (lock 'S::mu')");
  EXPECT_EQ(formatTemplate(T, {name("s->mu"), flag(false), name("S::mu")}), "'s->mu' held");
  // A nested directive's '|' and '}' belong to it, not to the outer %select.
  const char *C = "inversion%select{| (cycle %join{ -> }1)}0";
  EXPECT_EQ(formatTemplate(C, {flag(true), names({"a", "b", "a"})}),
            "inversion (cycle 'a' -> 'b' -> 'a')");
  EXPECT_EQ(formatTemplate("%select{x|%select{p|q}1}0", {count(1), count(0)}), "p");
}

TEST(MessageTest, Plural) {
  const char *T = "%0 %plural{1:frame|:frames}0 elided";
  EXPECT_EQ(formatTemplate(T, {count(0)}), "0 frames elided");
  EXPECT_EQ(formatTemplate(T, {count(1)}), "1 frame elided");
  EXPECT_EQ(formatTemplate(T, {count(12)}), "12 frames elided");
  // A form may hold ':' after its condition, and placeholders.
  const char *P = "in %plural{1:program|:%0 programs:}0 %1";
  EXPECT_EQ(formatTemplate(P, {count(1), names({"a.c"})}), "in program 'a.c'");
  EXPECT_EQ(formatTemplate(P, {count(2), names({"a.c", "b.c"})}), "in 2 programs: 'a.c', 'b.c'");
}

TEST(MessageTest, ListsAndSourceLines) {
  EXPECT_EQ(formatTemplate("holds %0", {names({"a", "b"})}), "holds 'a', 'b'");
  EXPECT_EQ(formatTemplate("holds %0", {names({})}), "holds ");
  SrcLoc W;
  W.File = "/src/dir/a.c";
  W.Line = 12;
  W.Col = 3;
  EXPECT_EQ(formatTemplate("(%0)", {msg::arg(ArgKind::SourceLine, W)}), "(a.c:12)");
}

TEST(MessageTest, MisuseShowsInTheText) {
  EXPECT_EQ(formatTemplate("%1", {name("a")}), "<bad %1>");
  EXPECT_EQ(formatTemplate("%plural{1:x|:y}0", {name("a")}), "<bad %0>");
  EXPECT_EQ(formatTemplate("%0", {flag(true)}), "<bad %0>");
  EXPECT_NE(formatTemplate("%bogus{x}0", {count(1)}).find("<bad template"), std::string::npos);
}

TEST(MessageTest, CheckTemplate) {
  using K = ArgKind;
  EXPECT_EQ(checkTemplate("%0 and %select{a|b}1", {K::LockName, K::Flag}), "");
  EXPECT_NE(checkTemplate("%0 and %2", {K::LockName, K::Flag}), "");       // out of range
  EXPECT_NE(checkTemplate("%0", {K::LockName, K::Flag}), "");              // 1 never used
  EXPECT_EQ(checkTemplate("%select{|%1}0", {K::Flag, K::LockName}), "");   // used inside
  EXPECT_NE(checkTemplate("%select{a|b}0", {K::LockName}), "");            // not a choice
  EXPECT_NE(checkTemplate("%plural{1:a|b}0", {K::Count}), "");             // form without ':'
  EXPECT_NE(checkTemplate("%plural{1:a|:b}0", {K::Flag}), "");             // not a count
  EXPECT_NE(checkTemplate("%join{, }0", {K::LockName}), "");               // not a list
  EXPECT_NE(checkTemplate("%0", {K::Flag}), "");                           // a flag alone
  EXPECT_NE(checkTemplate("%select{a}", {K::Flag}), "");                   // no number
  EXPECT_NE(checkTemplate("%select{a", {K::Flag}), "");                    // no '}'
}

// Every line of checks/Messages.def and report/Messages.def: the template
// parses, uses every argument, and each directive suits its argument.
TEST(MessageTest, EveryTableTemplateIsWellFormed) {
  ASSERT_FALSE(allMessages().empty());
  for (size_t I = 0; I < allMessages().size(); ++I) {
    const MessageInfo &M = allMessages()[I];
    EXPECT_EQ(size_t(M.Id), I) << M.Name;
    EXPECT_EQ(checkTemplate(M.Template, M.Kinds), "") << M.Name << ": " << M.Template;
  }
}

// The typed entry points format through the table.
TEST(MessageTest, TypedMessages) {
  EXPECT_EQ(msg::DoubleLock("s->mu", true, true, "S::mu"),
            "'s->mu' acquired while possibly already held (lock 'S::mu')");
  EXPECT_EQ(msg::RaceOn("counter", true, "main", false, true, "worker", false),
            "data race on 'counter': write in thread 'main' conflicts with read in another "
            "instance of thread 'worker'");
  EXPECT_EQ(msg::FramesElided(1), "... 1 frame elided (--chain-limit=0 shows all) ...");
  EXPECT_EQ(msg::LeakFix(), "release it on every path (a std::lock_guard does), or name the "
                            "function as acquiring if callers release it");
}

} // namespace
