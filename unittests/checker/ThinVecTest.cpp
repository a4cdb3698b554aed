#include "facts/ThinVec.h"
#include "gtest/gtest.h"

#include "llvm/ADT/ArrayRef.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace parcheck;

namespace {

template <class T> std::vector<T> items(const ThinVec<T> &V) {
  return std::vector<T>(V.begin(), V.end());
}

size_t sumOf(llvm::ArrayRef<int> A) {
  size_t S = 0;
  for (int X : A)
    S += size_t(X);
  return S;
}

TEST(ThinVecTest, IsOnePointerAndEmptyOwnsNothing) {
  static_assert(sizeof(ThinVec<std::string>) == sizeof(void *));
  static_assert(sizeof(ThinVec<std::pair<unsigned, std::string>>) == sizeof(void *));
  ThinVec<std::string> V;
  EXPECT_TRUE(V.empty());
  EXPECT_EQ(V.size(), 0u);
  EXPECT_EQ(V.capacity(), 0u);
  EXPECT_EQ(V.data(), nullptr);
  EXPECT_EQ(V.begin(), V.end());
  ThinVec<std::string> W(V), X(std::move(V));
  EXPECT_TRUE(W.empty());
  EXPECT_TRUE(X.empty());
  W.clear();
  EXPECT_EQ(W.data(), nullptr);
}

// Random edits applied to a ThinVec and a std::vector alike leave them equal:
// every growth, insert, erase and assignment keeps the elements (strings long
// enough to live on the heap, so a bad move shows as a lost or doubled one).
TEST(ThinVecTest, MatchesStdVectorUnderRandomEdits) {
  std::mt19937 Rng(7);
  for (int Round = 0; Round < 50; ++Round) {
    ThinVec<std::string> T;
    std::vector<std::string> S;
    for (int Step = 0; Step < 200; ++Step) {
      std::string Val = "value number " + std::to_string(Rng() % 1000) + " on the heap";
      size_t Pos = S.empty() ? 0 : Rng() % (S.size() + 1);
      switch (Rng() % 9) {
      case 0:
      case 1:
        T.push_back(Val);
        S.push_back(Val);
        break;
      case 2:
        T.emplace_back(Val);
        S.emplace_back(Val);
        break;
      case 3:
        EXPECT_EQ(*T.insert(T.begin() + Pos, Val), Val);
        S.insert(S.begin() + Pos, Val);
        break;
      case 4: {
        std::vector<std::string> More(Rng() % 4, Val);
        T.insert(T.begin() + Pos, More.begin(), More.end());
        S.insert(S.begin() + Pos, More.begin(), More.end());
        break;
      }
      case 5:
        if (Pos < S.size()) {
          T.erase(T.begin() + Pos);
          S.erase(S.begin() + Pos);
        }
        break;
      case 6: {
        size_t End = Pos + (S.empty() ? 0 : Rng() % 3);
        End = std::min(End, S.size());
        T.erase(T.begin() + Pos, T.begin() + End);
        S.erase(S.begin() + Pos, S.begin() + End);
        break;
      }
      case 7:
        if (!S.empty()) {
          T.pop_back();
          S.pop_back();
        }
        break;
      case 8: {
        size_t N = Rng() % 8;
        T.resize(N, Val);
        S.resize(N, Val);
        break;
      }
      }
      ASSERT_EQ(items(T), S) << "round " << Round << " step " << Step;
      ASSERT_LE(T.size(), T.capacity());
    }
    ThinVec<std::string> Copy(T);
    EXPECT_EQ(Copy, T);
    ThinVec<std::string> Moved(std::move(Copy));
    EXPECT_EQ(items(Moved), S);
    EXPECT_TRUE(Copy.empty());
    Copy = Moved;
    EXPECT_EQ(items(Copy), S);
    Moved = ThinVec<std::string>();
    EXPECT_TRUE(Moved.empty());
  }
}

// An element of the vector itself, appended while the vector grows, is copied
// before the old block goes.
TEST(ThinVecTest, AppendsItsOwnElementAcrossGrowth) {
  ThinVec<std::string> V{"first element, long enough for the heap"};
  for (int I = 0; I < 10; ++I) {
    ASSERT_EQ(V.size(), V.capacity()); // the next push grows
    V.push_back(V.front());
    V.emplace_back(V.back());
    while (V.size() < V.capacity())
      V.push_back(V[0]);
  }
  for (const std::string &S : V)
    EXPECT_EQ(S, "first element, long enough for the heap");
  V.insert(V.begin(), V.size() + 1, V.back());
  EXPECT_EQ(V.front(), V.back());
}

// Ranges appended one after another reallocate a logarithmic number of times,
// as single elements do: a loop of appends stays linear.
TEST(ThinVecTest, GrowsGeometricallyForRanges) {
  ThinVec<int> V;
  const int One[] = {1};
  int Moves = 0;
  for (int I = 0; I < 4096; ++I) {
    const int *Before = V.data();
    V.insert(V.end(), std::begin(One), std::end(One));
    Moves += V.data() != Before;
  }
  EXPECT_EQ(V.size(), 4096u);
  EXPECT_LE(Moves, 13);
  ThinVec<int> Copy(V);
  EXPECT_EQ(Copy.capacity(), Copy.size()); // a copy is exact
}

TEST(ThinVecTest, ComparesConvertsAndViews) {
  ThinVec<int> A{1, 2, 3}, B{1, 2, 4}, C{1, 2};
  EXPECT_TRUE(A < B);
  EXPECT_TRUE(C < A);
  EXPECT_FALSE(A < A);
  EXPECT_TRUE(A <= A && A >= A && B > A);
  EXPECT_NE(A, B);
  EXPECT_EQ(A, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ((std::vector<int>{1, 2, 3}), A);
  EXPECT_NE(A, (std::vector<int>{1, 2}));
  ThinVec<int> D(std::vector<int>{5, 6});
  EXPECT_EQ(items(D), (std::vector<int>{5, 6}));
  D = std::vector<int>{7};
  EXPECT_EQ(items(D), (std::vector<int>{7}));
  // The view is of the elements themselves, not of a copy.
  llvm::ArrayRef<int> View = A;
  EXPECT_EQ(View.data(), A.data());
  EXPECT_EQ(sumOf(A), 6u);
  EXPECT_EQ(sumOf(ThinVec<int>()), 0u);
  ThinVec<int> R(A.rbegin(), A.rend());
  EXPECT_EQ(items(R), (std::vector<int>{3, 2, 1}));
  R.assign(3, 9);
  EXPECT_EQ(items(R), (std::vector<int>{9, 9, 9}));
  R.swap(A);
  EXPECT_EQ(items(A), (std::vector<int>{9, 9, 9}));
  EXPECT_EQ(items(R), (std::vector<int>{1, 2, 3}));
}

// Elements more aligned than the block's header start on their alignment.
TEST(ThinVecTest, AlignsItsElements) {
  struct alignas(16) Wide {
    long double X;
  };
  ThinVec<Wide> V;
  for (int I = 0; I < 5; ++I) {
    V.push_back(Wide{static_cast<long double>(I)});
    EXPECT_EQ(reinterpret_cast<uintptr_t>(V.data()) % 16, 0u);
  }
  EXPECT_EQ(V[4].X, 4.0L);
}

} // namespace
