#include "facts/FactsIO.h"
#include "facts/FastJSON.h"
#include "gtest/gtest.h"

#include "llvm/Support/raw_ostream.h"

using namespace parcheck;

namespace {

std::string text(const llvm::json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  return S;
}

} // namespace

// The contract: an accepted input gives exactly llvm::json::parse's value.
TEST(FastJSON, AcceptedInputsParseAsLLVMDoes) {
  const char *Inputs[] = {
      "{}",
      "[]",
      " \t\r\n{ \"a\" : [ 1 , -2 , 0 , 123456789012345678 ] }\n",
      "{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\",\"t\":true,\"f\":false,\"n\":null}",
      "[[[]],[{}],{\"x\":[{\"y\":\"\"}]}]",
      "\"just a string\"",
      "007",
  };
  for (const char *In : Inputs) {
    std::optional<llvm::json::Value> Fast = parseFastJSON(In);
    llvm::Expected<llvm::json::Value> Slow = llvm::json::parse(In);
    ASSERT_TRUE(bool(Slow)) << In;
    ASSERT_TRUE(Fast.has_value()) << In;
    EXPECT_EQ(*Fast, *Slow) << In;
    EXPECT_EQ(text(*Fast), text(*Slow)) << In;
  }
}

// Outside the subset (valid JSON or not): not accepted, so the caller asks
// llvm::json::parse, which decides.
TEST(FastJSON, InputsOutsideTheSubsetAreLeftToLLVM) {
  const char *Inputs[] = {
      "{\"a\":\"\\u00e9\"}",         // \u escape
      "{\"a\":\"\xc3\xa9\"}",        // non-ASCII
      "[1.5]", "[1e3]", "[-]",       // doubles, a lone sign
      "[1234567890123456789]",       // 19 digits: may not fit int64
      "{\"a\":1,\"a\":2}",           // duplicate key
      "{\"a\":1", "[1,]", "[1] x",   // malformed
      "{\"a\":\"tab\there\"}",       // a raw control character
      "",
  };
  for (const char *In : Inputs)
    EXPECT_FALSE(parseFastJSON(In).has_value()) << In;
}

TEST(FastJSON, StreamsTheNamedTopLevelArray) {
  std::vector<std::string> Got;
  std::optional<llvm::json::Value> V = parseFastJSON(
      "{\"functions\":[{\"n\":1},{\"n\":2}],\"other\":[{\"n\":3}]}", "functions",
      [&](llvm::json::Value &&E) { Got.push_back(text(E)); });
  ASSERT_TRUE(V.has_value());
  EXPECT_EQ(Got, (std::vector<std::string>{"{\"n\":1}", "{\"n\":2}"}));
  // The streamed member stays, empty; the others are kept whole.
  EXPECT_EQ(text(*V), "{\"functions\":[],\"other\":[{\"n\":3}]}");
}

// factsToJSON streams its output: the bytes must stay those of one canonical
// json::Value (keys sorted), and a name outside the fast subset must read back
// the same through the fallback.
TEST(FastJSON, FactsTextIsCanonicalAndReadsBackEitherWay) {
  TUFacts T;
  T.MainFile = "/src/caf\xc3\xa9.c"; // non-ASCII: the whole file takes the fallback
  FunctionFacts F;
  F.Usr = "c:@F@worker";
  F.Name = "worker";
  F.Where = {"/src/a.c", 3, 7};
  T.Functions.push_back(F);
  F.Usr = "c:@F@other";
  F.Name = "other";
  T.Functions.push_back(F);
  T.SharedClasses = {"Account"};
  std::string J = factsToJSON(T);
  llvm::Expected<llvm::json::Value> Tree = llvm::json::parse(J);
  ASSERT_TRUE(bool(Tree));
  EXPECT_EQ(text(*Tree), J);
  EXPECT_FALSE(parseFastJSON(J).has_value());
  auto Slow = factsFromJSON(J);
  ASSERT_TRUE(bool(Slow)) << llvm::toString(Slow.takeError());
  EXPECT_EQ(factsToJSON(*Slow), J);

  T.MainFile = "/src/a.c";
  J = factsToJSON(T);
  EXPECT_TRUE(parseFastJSON(J).has_value());
  auto Fast = factsFromJSON(J);
  ASSERT_TRUE(bool(Fast)) << llvm::toString(Fast.takeError());
  ASSERT_EQ(Fast->Functions.size(), 2u);
  EXPECT_EQ(Fast->Functions[1].Name, "other");
  EXPECT_EQ(factsToJSON(*Fast), J);
}

// A malformed function read while streaming is reported as reading the whole
// tree reports it.
TEST(FastJSON, StreamedFunctionErrorsMatchTheWholeTreeRead) {
  const char *Fast = "{\"format\":\"parcheck-facts-1\",\"file\":\"a\",\"functions\":[{\"usr\":\"x\"}],"
                     "\"classes\":[],\"sharedClasses\":[]}";
  // The same document with a \u escape, so it is read whole by llvm::json.
  const char *Whole = "{\"format\":\"parcheck-facts-1\",\"file\":\"\\u0061\",\"functions\":"
                      "[{\"usr\":\"x\"}],\"classes\":[],\"sharedClasses\":[]}";
  ASSERT_TRUE(parseFastJSON(Fast).has_value());
  ASSERT_FALSE(parseFastJSON(Whole).has_value());
  auto A = factsFromJSON(Fast), B = factsFromJSON(Whole);
  ASSERT_FALSE(bool(A));
  ASSERT_FALSE(bool(B));
  EXPECT_EQ(llvm::toString(A.takeError()), llvm::toString(B.takeError()));
}
