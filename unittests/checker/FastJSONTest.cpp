#include "facts/FactsIO.h"
#include "facts/FastJSON.h"
#include "gtest/gtest.h"

#include "llvm/Support/raw_ostream.h"

using namespace parcheck;
using namespace parcheck::fastjson;

namespace {

std::string text(const llvm::json::Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << V;
  return S;
}

bool accepted(llvm::StringRef In) {
  Document D;
  return parseFast(In, D);
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
    Document Fast;
    llvm::Expected<llvm::json::Value> Slow = llvm::json::parse(In);
    ASSERT_TRUE(bool(Slow)) << In;
    ASSERT_TRUE(parseFast(In, Fast)) << In;
    EXPECT_EQ(toLLVM(Fast.Root), *Slow) << In;
    EXPECT_EQ(text(toLLVM(Fast.Root)), text(*Slow)) << In;
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
    EXPECT_FALSE(accepted(In)) << In;
}

TEST(FastJSON, StreamsTheNamedTopLevelArray) {
  std::vector<std::string> Got;
  Document D;
  ASSERT_TRUE(parseFast(
      "{\"functions\":[{\"n\":1},{\"n\":2}],\"other\":[{\"n\":3}]}", D, "functions",
      [&](const Value &E) { Got.push_back(text(toLLVM(E))); }));
  EXPECT_EQ(Got, (std::vector<std::string>{"{\"n\":1}", "{\"n\":2}"}));
  // The streamed member stays, empty; the others are kept whole.
  EXPECT_EQ(text(toLLVM(D.Root)), "{\"functions\":[],\"other\":[{\"n\":3}]}");
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
  EXPECT_FALSE(accepted(J));
  auto Slow = factsFromJSON(J);
  ASSERT_TRUE(bool(Slow)) << llvm::toString(Slow.takeError());
  EXPECT_EQ(factsToJSON(*Slow), J);

  T.MainFile = "/src/a.c";
  J = factsToJSON(T);
  EXPECT_TRUE(accepted(J));
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
  ASSERT_TRUE(accepted(Fast));
  ASSERT_FALSE(accepted(Whole));
  auto A = factsFromJSON(Fast), B = factsFromJSON(Whole);
  ASSERT_FALSE(bool(A));
  ASSERT_FALSE(bool(B));
  EXPECT_EQ(llvm::toString(A.takeError()), llvm::toString(B.takeError()));
}

// Each streamed element is read while its tree lives; strings with escapes
// (copied into the element's arena, which is reset after it) read back right
// after many elements.
TEST(FastJSON, StreamedElementsReadWhileTheyLive) {
  std::string In = "{\"functions\":[";
  for (int I = 0; I < 2000; ++I)
    In += std::string(I ? "," : "") + "{\"name\":\"f\\t" + std::to_string(I) +
          "\",\"n\":" + std::to_string(I) + ",\"xs\":[\"a\",[true,null]]}";
  In += "]}";
  std::vector<std::string> Names;
  std::vector<int64_t> Ns;
  Document D;
  ASSERT_TRUE(parseFast(In, D, "functions", [&](const Value &E) {
    const Object *O = E.getAsObject();
    ASSERT_NE(O, nullptr);
    Names.push_back(O->getString("name").value_or("?").str());
    Ns.push_back(O->getInteger("n").value_or(-1));
    const Array *Xs = O->getArray("xs");
    ASSERT_NE(Xs, nullptr);
    ASSERT_EQ(Xs->size(), 2u);
    EXPECT_EQ((*Xs)[0].getAsString(), std::optional<llvm::StringRef>("a"));
    EXPECT_EQ((*(*Xs)[1].getAsArray())[0].getAsBoolean(), std::optional<bool>(true));
    EXPECT_TRUE((*(*Xs)[1].getAsArray())[1].isNull());
  }));
  ASSERT_EQ(Names.size(), 2000u);
  EXPECT_EQ(Names[0], "f\t0");
  EXPECT_EQ(Names[1999], "f\t1999");
  EXPECT_EQ(Ns[1234], 1234);
}

// Look-ups and typed getters answer as llvm::json's do: a key that is
// missing, or holds another type, is none; sorted keys (binary search) and
// unsorted ones (a scan) find the same members.
TEST(FastJSON, LookupsAnswerAsLLVMJSONDoes) {
  const char *Inputs[] = {
      "{\"a\":1,\"b\":\"s\",\"c\":true,\"d\":[1],\"e\":{\"x\":null},\"f\":null}",
      "{\"f\":null,\"e\":{\"x\":null},\"d\":[1],\"c\":true,\"b\":\"s\",\"a\":1}",
  };
  const char *Keys[] = {"a", "b", "c", "d", "e", "f", "g", "", "aa"};
  for (const char *In : Inputs) {
    Document Fast;
    ASSERT_TRUE(parseFast(In, Fast)) << In;
    llvm::Expected<llvm::json::Value> Slow = llvm::json::parse(In);
    ASSERT_TRUE(bool(Slow));
    const Object *F = Fast.Root.getAsObject();
    const llvm::json::Object *S = Slow->getAsObject();
    ASSERT_TRUE(F && S);
    for (const char *K : Keys) {
      EXPECT_EQ(F->get(K) != nullptr, S->get(K) != nullptr) << In << " " << K;
      EXPECT_EQ(F->getString(K), S->getString(K)) << In << " " << K;
      EXPECT_EQ(F->getInteger(K), S->getInteger(K)) << In << " " << K;
      EXPECT_EQ(F->getBoolean(K), S->getBoolean(K)) << In << " " << K;
      EXPECT_EQ(F->getArray(K) != nullptr, S->getArray(K) != nullptr) << In << " " << K;
      EXPECT_EQ(F->getObject(K) != nullptr, S->getObject(K) != nullptr) << In << " " << K;
    }
  }
}

// Keys alike in their first 8 bytes (which the search compares first), or
// one the start of another, are told apart; so are keys with a NUL byte
// (only the fallback reads those).
TEST(FastJSON, LookupsTellApartKeysWithACommonStart) {
  std::vector<std::string> Keys = {"a", "ab", "abcdefgh", "abcdefghA", "abcdefghB",
                                   "abcdefghBB", "abcdefgi", "b", "lockops", "locks"};
  std::string In = "{";
  for (size_t I = 0; I < Keys.size(); ++I)
    In += std::string(I ? "," : "") + "\"" + Keys[I] + "\":" + std::to_string(I);
  In += "}";
  Document D;
  ASSERT_TRUE(parseFast(In, D));
  const Object *O = D.Root.getAsObject();
  ASSERT_NE(O, nullptr);
  for (size_t I = 0; I < Keys.size(); ++I)
    EXPECT_EQ(O->getInteger(Keys[I]), std::optional<int64_t>(I)) << Keys[I];
  for (const char *Missing : {"", "abc", "abcdefghAA", "abcdefghC", "abcdefg", "lock", "c"})
    EXPECT_EQ(O->get(Missing), nullptr) << Missing;

  llvm::Expected<llvm::json::Value> Slow =
      llvm::json::parse("{\"a\\u0000\":1,\"a\":2,\"a\\u0000b\":3}");
  ASSERT_TRUE(bool(Slow));
  Document F;
  fromLLVM(*Slow, F);
  const Object *FO = F.Root.getAsObject();
  ASSERT_NE(FO, nullptr);
  EXPECT_EQ(FO->getInteger(llvm::StringRef("a\0", 2)), std::optional<int64_t>(1));
  EXPECT_EQ(FO->getInteger("a"), std::optional<int64_t>(2));
  EXPECT_EQ(FO->getInteger(llvm::StringRef("a\0b", 3)), std::optional<int64_t>(3));
}

// The fallback's values (llvm::json::parse's: any key order, doubles, big
// unsigned numbers, \u escapes) read as llvm::json reads them.
TEST(FastJSON, FromLLVMReadsAsLLVMJSONDoes) {
  const char *In = "{\"z\":3.0,\"y\":2.5,\"x\":18446744073709551615,\"w\":\"\\u00e9\","
                   "\"v\":[-1e2,{\"b\":false,\"a\":null}],\"u\":-7}";
  llvm::Expected<llvm::json::Value> Slow = llvm::json::parse(In);
  ASSERT_TRUE(bool(Slow));
  EXPECT_FALSE(accepted(In));
  Document D;
  fromLLVM(*Slow, D);
  const Object *F = D.Root.getAsObject();
  const llvm::json::Object *S = Slow->getAsObject();
  ASSERT_TRUE(F && S);
  for (const char *K : {"z", "y", "x", "w", "u"}) {
    EXPECT_EQ(F->getInteger(K), S->getInteger(K)) << K;
    EXPECT_EQ(F->getString(K), S->getString(K)) << K;
  }
  EXPECT_EQ(F->getInteger("z"), std::optional<int64_t>(3));
  EXPECT_EQ(F->getInteger("y"), std::nullopt);
  EXPECT_EQ(F->getString("w"), std::optional<llvm::StringRef>("\xc3\xa9"));
  const Array *V = F->getArray("v");
  ASSERT_TRUE(V && V->size() == 2);
  EXPECT_EQ((*V)[0].getAsInteger(), std::optional<int64_t>(-100));
  EXPECT_EQ((*V)[1].getAsObject()->getBoolean("b"), std::optional<bool>(false));
  EXPECT_TRUE((*V)[1].getAsObject()->get("a")->isNull());
  // Numbers that are not integers stay numbers.
  EXPECT_EQ(toLLVM(*F->get("y")), llvm::json::Value(2.5));
}
