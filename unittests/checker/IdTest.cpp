#include "facts/FactsIO.h"
#include "facts/Ids.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace parcheck;

namespace {

// Ids of every kind as the facts JSON writes them, with keys that stress the
// order: an empty key, USRs that sort between prefixes, nested wrappers,
// strings that are a prefix's prefix.
const std::vector<std::string> &samples() {
  static const std::vector<std::string> S = {
      "",
      "*",
      "c:@mu",
      "c:@F@f@x",
      "c:a.c@12@F@g#*$@S@T#",
      "local:c:@F@f|c:@F@f@x",
      "local:c:@F@f|c:@F@f@x.a",
      "path:c:@g.a",
      "path:c:@g.a.b",
      "path::X",
      "field:Account::mu",
      "field:Account::*",
      "field:t",
      "array:c:@locks",
      "array:param:c:@F@f#0",
      "param:c:@F@f#0",
      "param:c:@F@f#10",
      "param:c:@F@f#I#1",
      "pointee:c:@p",
      "pointee:local:c:@F@f|c:@F@f@m",
      "pointee:array:param:c:@F@f#0",
      "heap:c:@F@f@p",
      "expr:a->b[0]",
      "static-init:/src/a.c",
      "guard:c:@F@f@s",
      "libc:rand",
      "lib",
      "local",
      "pathz",
      "param",
      "zzz",
  };
  return S;
}

} // namespace

TEST(Id, ParseAndStrRoundTrip) {
  for (const std::string &S : samples()) {
    Id I = Id::parse(S);
    EXPECT_EQ(I.str(), S);
    EXPECT_EQ(Id::parse(I.str()), I) << S;
  }
}

TEST(Id, KindsAndKeys) {
  EXPECT_EQ(Id::parse("c:@mu").kind(), IdKind::Usr);
  EXPECT_EQ(Id::parse("c:@mu").key(), "c:@mu");
  EXPECT_EQ(Id::parse("field:A::mu").kind(), IdKind::Field);
  EXPECT_EQ(Id::parse("field:A::mu").key(), "A::mu");
  // A class in namespace 'path' reads as a Path id; its string form is kept.
  EXPECT_EQ(Id::parse("path::X").kind(), IdKind::Path);
  EXPECT_EQ(Id::parse("path::X").str(), "path::X");
  Id A = Id::parse("array:param:c:@F@f#2");
  EXPECT_EQ(A.kind(), IdKind::Array);
  EXPECT_EQ(A.inner(), paramId("c:@F@f", 2));
  EXPECT_EQ(A.inner(), Id(IdKind::Param, "c:@F@f#2"));
  EXPECT_EQ(A.inner().inner(), Id::parse("c:@F@f#2"));
  EXPECT_EQ(Id::parse("static-init:/a.c").kind(), IdKind::StaticInit);
  EXPECT_EQ(makeId(IdKind::Array, paramId("c:@F@f", 2)), A);
  EXPECT_EQ(*paramIndex(paramId("c:@F@f#I#", 3), "c:@F@f#I#"), 3u);
  bool Array = false;
  EXPECT_EQ(*paramOrArrayIndex(A, "c:@F@f", Array), 2u);
  EXPECT_TRUE(Array);
  EXPECT_TRUE(isParamLock(A));
  EXPECT_TRUE(isClassLock(A));
  EXPECT_EQ(localOwner(localId("c:@F@f", "c:@F@f@x")), "c:@F@f");
  EXPECT_TRUE(Id().empty());
  EXPECT_TRUE(Id::parse("").empty());
  EXPECT_FALSE(Id::parse("*").empty());
  EXPECT_FALSE(Id(IdKind::Field, "").empty());
  EXPECT_EQ(Id(IdKind::Field, "").str(), "field:");
  EXPECT_FALSE(anyLockId().empty());
  EXPECT_EQ(anyLockId().str(), "*");
  EXPECT_EQ(staticInitUsr("/a.c"), "static-init:/a.c");
  EXPECT_EQ(idKind(staticInitUsr("/a.c")), IdKind::StaticInit);
}

// Ids agree with the string parser of Ids.h (parseId, still used for
// function ids), and makeId builds the id a kind and a key name.
TEST(Id, AgreesWithTheStringForm) {
  for (const std::string &S : samples()) {
    Id I = Id::parse(S);
    EXPECT_EQ(I.kind(), idKind(S)) << S;
    EXPECT_EQ(I.key(), parseId(S).Key.str()) << S;
    EXPECT_EQ(makeId(I.kind(), I.key()), I) << S;
    EXPECT_EQ(makeId(I.kind(), I.key()).str(), S) << S;
  }
}

// A Usr made from a name that reads as another kind (a class in namespace
// 'path') is the id its string form parses to, so equality and order agree.
TEST(Id, UsrKeysAreCanonical) {
  Id A = makeId(IdKind::Usr, "path::X");
  EXPECT_EQ(A, Id::parse("path::X"));
  EXPECT_EQ(A.kind(), IdKind::Path);
  EXPECT_EQ(A.str(), "path::X");
  EXPECT_EQ(makeId(IdKind::Usr, "c:@mu").kind(), IdKind::Usr);
}

TEST(Id, Within) {
  Id L = localId("c:@F@f", "c:@F@f@s");
  EXPECT_TRUE(isWithin(L, L));
  EXPECT_TRUE(isWithin(Id::parse("local:c:@F@f|c:@F@f@s.a.b"), L));
  EXPECT_FALSE(isWithin(Id::parse("local:c:@F@f|c:@F@f@sx"), L));
  EXPECT_FALSE(isWithin(L, Id::parse("local:c:@F@f|c:@F@f@s.a")));
  // Same key, another kind: not the same memory.
  EXPECT_FALSE(isWithin(Id(IdKind::Heap, L.key()), L));
  EXPECT_TRUE(isWithin(Id::parse("path:c:@g.a.b"), Id::parse("path:c:@g.a")));
}

// The helpers that read a key's structure: a parameter's function, a member
// path's global.
TEST(Id, KeyStructure) {
  EXPECT_EQ(paramFunction(paramId("c:@F@f#I#", 3)), "c:@F@f#I#");
  EXPECT_EQ(paramFunction(Id::parse("c:@F@f#3")), "");
  EXPECT_EQ(pathRoot(Id::parse("path:c:@g.a.b")), Id::parse("c:@g"));
  EXPECT_EQ(pathRoot(Id::parse("c:@g")), Id::parse("c:@g"));
  EXPECT_EQ(pathRoot(Id::parse("local:c:@F@f|c:@F@f@x.a")), Id::parse("local:c:@F@f|c:@F@f@x.a"));
  // Each cut at a '.', longest first; the USR's own dots too.
  std::vector<Id> E = enclosingIds(Id::parse("local:c:@F@f|c:a.c@F@f@x.a.b"));
  std::vector<Id> Want = {Id::parse("local:c:@F@f|c:a.c@F@f@x.a.b"),
                          Id::parse("local:c:@F@f|c:a.c@F@f@x.a"),
                          Id::parse("local:c:@F@f|c:a.c@F@f@x"), Id::parse("local:c:@F@f|c:a")};
  EXPECT_EQ(E, Want);
  EXPECT_EQ(enclosingIds(Id::parse(".x")), std::vector<Id>{Id::parse(".x")});
  // A member's class: the qualifier before the last "::", nested classes kept.
  EXPECT_EQ(memberClass("ns::conn::state"), "ns::conn");
  EXPECT_EQ(memberClass("counter"), "");
  EXPECT_EQ(fieldClass(Id::parse("field:worker::mu")), "worker");
  EXPECT_EQ(fieldClass(Id::parse("c:@worker::mu")), "");
  EXPECT_EQ(fieldClass(Id::parse("array:field:worker::mu")), "");
}

// The hash reads the kind and the key: ids with one key and two kinds are
// told apart (no collision for the common "field:X" / "X" pair).
TEST(Id, HashUsesKindAndKey) {
  std::hash<Id> H;
  EXPECT_EQ(H(Id::parse("field:A::mu")), H(makeId(IdKind::Field, "A::mu")));
  EXPECT_NE(H(Id::parse("field:A::mu")), H(Id::parse("A::mu")));
  EXPECT_NE(H(Id::parse("array:c:@l")), H(Id::parse("pointee:c:@l")));
}

// Maps and sets keyed by ids keep the order they had as strings, so output
// order is unchanged; equality, order and hash agree.
TEST(Id, OrderIsTheStringOrder) {
  const std::vector<std::string> &S = samples();
  for (const std::string &X : S)
    for (const std::string &Y : S) {
      Id A = Id::parse(X), B = Id::parse(Y);
      int C = X.compare(Y);
      EXPECT_EQ(A < B, C < 0) << X << " vs " << Y;
      EXPECT_EQ(A > B, C > 0) << X << " vs " << Y;
      EXPECT_EQ(A <= B, C <= 0) << X << " vs " << Y;
      EXPECT_EQ(A == B, C == 0) << X << " vs " << Y;
      EXPECT_EQ(A != B, C != 0) << X << " vs " << Y;
      EXPECT_EQ(A.compare(B) < 0, C < 0) << X << " vs " << Y;
      EXPECT_EQ(A.compare(B) > 0, C > 0) << X << " vs " << Y;
      if (A == B)
        EXPECT_EQ(std::hash<Id>()(A), std::hash<Id>()(B));
    }
  std::vector<Id> Ids;
  for (const std::string &X : S)
    Ids.push_back(Id::parse(X));
  std::vector<std::string> Sorted = S;
  std::sort(Sorted.begin(), Sorted.end());
  std::sort(Ids.begin(), Ids.end());
  for (size_t I = 0; I < Ids.size(); ++I)
    EXPECT_EQ(Ids[I].str(), Sorted[I]);
}

// Bytes above 0x7f order as unsigned, as std::string does.
TEST(Id, OrderOfHighBytes) {
  Id A = Id::parse("expr:\xc3\xa9"), B = Id::parse("expr:z"), C = Id::parse("\xc3\xa9");
  EXPECT_LT(B, A);
  EXPECT_EQ(A < C, std::string("expr:\xc3\xa9") < std::string("\xc3\xa9"));
  EXPECT_EQ(C < B, std::string("\xc3\xa9") < std::string("expr:z"));
}

TEST(Id, FactsJsonKeepsTheStringForm) {
  TUFacts T;
  T.MainFile = "/src/a.c";
  FunctionFacts F;
  F.Usr = "c:@F@f";
  AccessFact A;
  A.Loc = Id::parse("path:c:@g.a");
  A.Held.push_back({Id::parse("array:param:c:@F@f#0"), "locks[]", false, {"/src/a.c", 2, 3}});
  F.Accesses.push_back(A);
  F.LockTargets.push_back({Id::parse("local:c:@F@f|c:@F@f@m"), {anyLockId(), "*", false, {}}});
  T.Functions.push_back(F);
  T.Aliases.push_back({Id::parse("pointee:c:@p"), Id::parse("c:@x")});
  std::string J = factsToJSON(T);
  EXPECT_NE(J.find("\"loc\":\"path:c:@g.a\""), std::string::npos) << J;
  EXPECT_NE(J.find("\"id\":\"array:param:c:@F@f#0\""), std::string::npos) << J;
  EXPECT_NE(J.find("[\"pointee:c:@p\",\"c:@x\"]"), std::string::npos) << J;
  auto Back = factsFromJSON(J);
  ASSERT_TRUE(bool(Back));
  EXPECT_EQ(Back->Functions[0].Accesses[0].Loc, A.Loc);
  EXPECT_EQ(Back->Functions[0].Accesses[0].Held[0].Id, A.Held[0].Id);
  EXPECT_EQ(Back->Functions[0].LockTargets[0].first.kind(), IdKind::Local);
  EXPECT_EQ(Back->Functions[0].LockTargets[0].second.Id, anyLockId());
  EXPECT_EQ(Back->Aliases[0].first.kind(), IdKind::Pointee);
  EXPECT_EQ(factsToJSON(*Back), J);
}

// Interning: equal text is one entry, so equality is a pointer compare and a
// copy shares it; the order and the hash are the text's.
TEST(IString, OneEntryPerText) {
  std::string A = "c:@F@a_function_name_longer_than_sso";
  IString X(A), Y{llvm::StringRef(A)}, Z(A.c_str());
  EXPECT_EQ(&X.str(), &Y.str());
  EXPECT_EQ(&X.str(), &Z.str());
  EXPECT_TRUE(X == Y);
  EXPECT_EQ(X.str(), A);
  IString W("c:@F@another");
  EXPECT_NE(&X.str(), &W.str());
  EXPECT_TRUE(X != W);
  EXPECT_TRUE(X == A);
  EXPECT_FALSE(W == A);
  EXPECT_EQ(X.hash(), std::hash<std::string_view>()(A));
  // The identity that maps key by (ProgramAnalysis::function's index).
  EXPECT_EQ(X.identity(), Z.identity());
  EXPECT_NE(X.identity(), W.identity());
}

TEST(IString, EmptyIsTheDefault) {
  IString D, E(""), F{std::string()};
  EXPECT_TRUE(D.empty());
  EXPECT_EQ(&D.str(), &E.str());
  EXPECT_EQ(&D.str(), &F.str());
  EXPECT_EQ(D.hash(), std::hash<std::string_view>()(std::string_view()));
}

TEST(IString, OrderIsTheText) {
  std::vector<std::string> Texts = {"b", "a", "ab", "", "\xff", "a\x01", "zz", "A"};
  std::vector<IString> Is(Texts.begin(), Texts.end());
  std::sort(Texts.begin(), Texts.end());
  std::sort(Is.begin(), Is.end());
  ASSERT_EQ(Is.size(), Texts.size());
  for (size_t I = 0; I < Texts.size(); ++I)
    EXPECT_EQ(Is[I].str(), Texts[I]);
  EXPECT_FALSE(IString("a") < IString("a"));
}

// Ids share the pool: the same key in two kinds is two ids, one entry.
TEST(Id, InternedKeys) {
  Id A = Id::parse("path:c:@g.a"), B = Id::parse("path:c:@g.a");
  EXPECT_EQ(&A.key(), &B.key());
  EXPECT_EQ(A, B);
  Id C(IdKind::Field, A.key());
  EXPECT_EQ(&A.key(), &C.key());
  EXPECT_NE(A, C);
  EXPECT_EQ(A.keyHash(), std::hash<std::string_view>()(A.key()));
  EXPECT_TRUE(Id().empty());
  EXPECT_TRUE(Id(IdKind::Usr, "").empty());
  EXPECT_FALSE(Id(IdKind::Param, "").empty());
}

// Threads interning the same texts at once (each TU's extraction runs on
// its own thread) get the same entries.
TEST(IString, ConcurrentInterning) {
  constexpr int N = 2000, Threads = 4;
  std::vector<std::vector<const std::string *>> Got(Threads);
  std::vector<std::thread> Ts;
  for (int T = 0; T < Threads; ++T)
    Ts.emplace_back([T, &Got] {
      for (int I = 0; I < N; ++I) {
        // Each thread walks the texts in its own order.
        int K = (T % 2) ? N - 1 - I : I;
        Got[T].push_back(&IString("concurrent-" + std::to_string(K)).str());
      }
    });
  for (std::thread &T : Ts)
    T.join();
  for (int T = 0; T < Threads; ++T)
    for (int I = 0; I < N; ++I) {
      int K = (T % 2) ? N - 1 - I : I;
      EXPECT_EQ(Got[T][I], &IString("concurrent-" + std::to_string(K)).str());
      EXPECT_EQ(*Got[T][I], "concurrent-" + std::to_string(K));
    }
}
