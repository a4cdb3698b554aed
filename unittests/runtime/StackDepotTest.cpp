//===- StackDepotTest.cpp - the stack depot -------------------------------===//
#include "rt_stackdepot.h"

#include <gtest/gtest.h>

#include <pthread.h>
#include <vector>

using namespace parcheck;

namespace {

std::vector<uintptr_t> Frames(const uintptr_t *p, uint32_t n) { return {p, p + n}; }

TEST(StackDepot, EqualStacksShareOneId) {
  uintptr_t a[] = {0x1000, 0x2000, 0x3000};
  uintptr_t b[] = {0x1000, 0x2000, 0x3000};
  size_t before = StackDepotSize();
  uint32_t ia = StackDepotPut(a, 3);
  EXPECT_NE(ia, 0u);
  EXPECT_EQ(StackDepotPut(b, 3), ia);
  EXPECT_EQ(StackDepotSize(), before + 1);
  uint32_t n;
  const uintptr_t *p = StackDepotGet(ia, &n);
  EXPECT_EQ(Frames(p, n), (std::vector<uintptr_t>{0x1000, 0x2000, 0x3000}));
}

TEST(StackDepot, DifferentStacksGetDifferentIds) {
  uintptr_t a[] = {0x11, 0x22, 0x33};
  uintptr_t prefix[] = {0x11, 0x22};
  uintptr_t other[] = {0x11, 0x22, 0x34};
  uint32_t ia = StackDepotPut(a, 3), ip = StackDepotPut(prefix, 2), io = StackDepotPut(other, 3);
  EXPECT_NE(ia, ip);
  EXPECT_NE(ia, io);
  EXPECT_NE(ip, io);
  uint32_t n;
  EXPECT_EQ(Frames(StackDepotGet(ip, &n), n), (std::vector<uintptr_t>{0x11, 0x22}));
  EXPECT_EQ(Frames(StackDepotGet(io, &n), n), (std::vector<uintptr_t>{0x11, 0x22, 0x34}));
}

TEST(StackDepot, EmptyAndUnknownIds) {
  EXPECT_EQ(StackDepotPut(nullptr, 0), 0u);
  uint32_t n = 7;
  EXPECT_EQ(StackDepotGet(0, &n), nullptr);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(StackDepotGet(0x0fffffff, &n), nullptr);
  EXPECT_EQ(n, 0u);
}

TEST(StackDepot, ManyStacksAcrossDirectoryPagesAndBuckets) {
  // More ids than one directory page (4096); the bucket table grows from 512 four times.
  std::vector<uint32_t> ids;
  for (uintptr_t i = 0; i < 70000; ++i) {
    uintptr_t s[] = {0xabc000 + i, i};
    ids.push_back(StackDepotPut(s, 2));
  }
  for (uintptr_t i = 0; i < 70000; ++i) {
    uintptr_t s[] = {0xabc000 + i, i};
    ASSERT_EQ(StackDepotPut(s, 2), ids[i]);
    uint32_t n;
    const uintptr_t *p = StackDepotGet(ids[i], &n);
    ASSERT_EQ(Frames(p, n), (std::vector<uintptr_t>{0xabc000 + i, i}));
  }
}

TEST(StackDepot, ConcurrentPutsOfTheSameStacksAgree) {
  constexpr int kThreads = 4, kStacks = 2000;
  static uint32_t got[kThreads][kStacks];
  std::vector<pthread_t> th(kThreads);
  for (intptr_t t = 0; t < kThreads; ++t)
    pthread_create(&th[t], nullptr, [](void *a) -> void * {
      intptr_t t = reinterpret_cast<intptr_t>(a);
      for (uintptr_t i = 0; i < kStacks; ++i) {
        uintptr_t s[] = {0x77700000 + i, 0x5, i * 3};
        got[t][i] = StackDepotPut(s, 3);
      }
      return nullptr;
    }, reinterpret_cast<void *>(t));
  for (pthread_t &t : th) pthread_join(t, nullptr);
  for (int i = 0; i < kStacks; ++i)
    for (int t = 1; t < kThreads; ++t) ASSERT_EQ(got[t][i], got[0][i]);
}

} // namespace
