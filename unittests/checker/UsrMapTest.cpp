#include "facts/UsrMap.h"
#include "gtest/gtest.h"

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace parcheck;

namespace {

// The map's contents, in its iteration order.
template <class V> std::vector<std::pair<std::string, V>> items(const UsrMap<V> &M) {
  return std::vector<std::pair<std::string, V>>(M.begin(), M.end());
}

// Every key of Want is found through the index, with its value, and nothing else is.
template <class V>
void expectSame(const UsrMap<V> &M, const std::map<std::string, V> &Want) {
  EXPECT_EQ(items(M), (std::vector<std::pair<std::string, V>>(Want.begin(), Want.end())));
  EXPECT_EQ(M.size(), Want.size());
  for (const auto &[K, V2] : Want) {
    ASSERT_TRUE(M.count(K)) << K;
    auto It = M.find(K);
    ASSERT_NE(It, M.end()) << K;
    EXPECT_EQ(It->first, K);
    EXPECT_EQ(It->second, V2);
    EXPECT_EQ(M.at(K), V2);
  }
  EXPECT_FALSE(M.count("no such key"));
  EXPECT_EQ(M.find("no such key"), M.end());
}

TEST(UsrMapTest, IteratesInKeyOrderAndFindsThroughTheIndex) {
  UsrMap<int> M;
  std::map<std::string, int> Want;
  // USRs that share long prefixes and sort differently from their lengths.
  for (const char *K : {"c:@F@f10", "c:@F@f2", "c:@F@f", "c:@F@f1", "c:@S@T@F@m#", ""}) {
    M[K] = int(Want.size());
    Want[K] = int(Want.size());
  }
  expectSame(M, Want);
  // operator[] on an existing key neither inserts nor moves it.
  M["c:@F@f2"] += 100;
  Want["c:@F@f2"] += 100;
  expectSame(M, Want);
  EXPECT_THROW(M.at("absent"), std::out_of_range);
}

TEST(UsrMapTest, InsertionsReportWhetherTheKeyWasNew) {
  UsrMap<std::string> M;
  auto [It, New] = M.try_emplace("b", "one");
  EXPECT_TRUE(New);
  EXPECT_EQ(It->second, "one");
  auto [It2, New2] = M.emplace("b", std::string("two"));
  EXPECT_FALSE(New2);
  EXPECT_EQ(It2, It);
  EXPECT_EQ(M.at("b"), "one");
  EXPECT_FALSE(M.insert({"b", "three"}).second);
  EXPECT_TRUE(M.insert({"a", "four"}).second);
  // A hint at the end, keys in order: each lands where it belongs.
  UsrMap<int> H;
  std::map<std::string, int> Want;
  for (int I = 0; I < 100; ++I) {
    std::string K = "k" + std::to_string(1000 + I);
    H.emplace_hint(H.end(), K, I);
    Want[K] = I;
  }
  // A wrong hint is only a hint.
  H.emplace_hint(H.end(), "a-first", -1);
  Want["a-first"] = -1;
  H.emplace_hint(H.begin(), "zz-last", -2);
  Want["zz-last"] = -2;
  // An existing key keeps its value.
  EXPECT_EQ(H.emplace_hint(H.end(), "k1050", 7)->second, 50);
  expectSame(H, Want);
}

TEST(UsrMapTest, EraseKeepsTheIndexInStep) {
  UsrMap<int> M;
  std::map<std::string, int> Want;
  for (int I = 0; I < 50; ++I) {
    M["f" + std::to_string(I)] = I;
    Want["f" + std::to_string(I)] = I;
  }
  EXPECT_EQ(M.erase("f7"), 1u);
  Want.erase("f7");
  EXPECT_EQ(M.erase("f7"), 0u);
  auto It = M.erase(M.find("f30"));
  Want.erase("f30");
  EXPECT_EQ(It->first, "f31");
  expectSame(M, Want);
  // A key erased and made again is found again.
  M["f7"] = 70;
  Want["f7"] = 70;
  expectSame(M, Want);
  M.clear();
  EXPECT_TRUE(M.empty());
  EXPECT_FALSE(M.count("f1"));
}

// A copy's index points into the copy's own nodes (using the original's
// after it is gone would read freed memory: ASan, or these values, tell);
// a move keeps the nodes and so the index; both leave the source usable.
TEST(UsrMapTest, CopiesAndMovesKeepAWorkingIndex) {
  std::map<std::string, std::vector<int>> Want;
  auto Make = [&] {
    UsrMap<std::vector<int>> M;
    for (int I = 0; I < 200; ++I) {
      M["c:@F@g" + std::to_string(I)] = {I, I * 2};
      Want["c:@F@g" + std::to_string(I)] = {I, I * 2};
    }
    return M;
  };
  UsrMap<std::vector<int>> Copy;
  {
    UsrMap<std::vector<int>> Orig = Make();
    Copy = Orig;
    UsrMap<std::vector<int>> Copy2(Orig);
    Orig["c:@F@g5"].push_back(99); // the copies do not see it
    expectSame(Copy2, Want);
  }
  expectSame(Copy, Want);
  UsrMap<std::vector<int>> Moved(std::move(Copy));
  expectSame(Moved, Want);
  EXPECT_TRUE(Copy.empty());
  EXPECT_FALSE(Copy.count("c:@F@g1"));
  Copy["x"] = {1}; // the moved-from map works
  EXPECT_EQ(Copy.at("x"), std::vector<int>{1});
  UsrMap<std::vector<int>> Assigned;
  Assigned["stale"] = {0};
  Assigned = std::move(Moved);
  expectSame(Assigned, Want);
  EXPECT_FALSE(Assigned.count("stale"));
  // Growing a map many times over (the index rehashes; the tree's nodes stay put).
  UsrMap<int> Big;
  std::map<std::string, int> BigWant;
  std::mt19937 Rng(7);
  for (int I = 0; I < 5000; ++I) {
    std::string K = "c:@F@h" + std::to_string(Rng() % 20000);
    Big[K] = I;
    BigWant[K] = I;
  }
  expectSame(Big, BigWant);
  EXPECT_TRUE(Big == UsrMap<int>(Big));
}

} // namespace
