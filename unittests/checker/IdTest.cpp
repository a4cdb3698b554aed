#include "facts/Id.h"
#include "facts/Ids.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <functional>
#include <string>
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
  EXPECT_EQ(A.inner(), Id(IdKind::Param, "c:@F@f#2"));
  EXPECT_EQ(A.inner().inner(), Id::parse("c:@F@f#2"));
  EXPECT_EQ(Id::parse("static-init:/a.c").kind(), IdKind::StaticInit);
  EXPECT_TRUE(Id().empty());
  EXPECT_TRUE(Id::parse("").empty());
  EXPECT_FALSE(Id::parse("*").empty());
  EXPECT_FALSE(Id(IdKind::Field, "").empty());
  EXPECT_EQ(Id(IdKind::Field, "").str(), "field:");
}

// Ids agree with the string functions of Ids.h (the facts model's ids today).
TEST(Id, AgreesWithTheStringForm) {
  for (const std::string &S : samples()) {
    Id I = Id::parse(S);
    EXPECT_EQ(I.kind(), idKind(S)) << S;
    EXPECT_EQ(I.key(), parseId(S).Key.str()) << S;
    EXPECT_EQ(Id(I.kind(), I.key()).str(), makeId(I.kind(), I.key())) << S;
  }
}

TEST(Id, Within) {
  Id L = Id::parse(localId("c:@F@f", "c:@F@f@s"));
  EXPECT_TRUE(isWithin(L, L));
  EXPECT_TRUE(isWithin(Id::parse("local:c:@F@f|c:@F@f@s.a.b"), L));
  EXPECT_FALSE(isWithin(Id::parse("local:c:@F@f|c:@F@f@sx"), L));
  EXPECT_FALSE(isWithin(L, Id::parse("local:c:@F@f|c:@F@f@s.a")));
  // The same key under another kind is other memory.
  EXPECT_FALSE(isWithin(Id(IdKind::Heap, L.key()), L));
  EXPECT_TRUE(isWithin(Id::parse("path:c:@g.a.b"), Id::parse("path:c:@g.a")));
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

// The hash reads the kind and the key: one key under two kinds hashes apart
// (the common "field:X" / "X" pair does not collide).
TEST(Id, HashUsesKindAndKey) {
  std::hash<Id> H;
  EXPECT_EQ(H(Id::parse("field:A::mu")), H(Id(IdKind::Field, "A::mu")));
  EXPECT_NE(H(Id::parse("field:A::mu")), H(Id::parse("A::mu")));
  EXPECT_NE(H(Id::parse("array:c:@l")), H(Id::parse("pointee:c:@l")));
}
