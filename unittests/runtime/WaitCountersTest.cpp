//===- WaitCountersTest.cpp - where a lock's wait counters live -----------===//
//
// A plain mutex keeps its waiter count and its count of acquisitions made while somebody waits
// in its own robust-list words (WaitCounters, rt_locks.h); every other lock in its side block.
// These tests pin which mutexes are plain, and the assumption that makes it safe: this glibc
// leaves a plain mutex's robust-list words alone through lock, trylock, timed lock, unlock, a
// recursive re-lock and a condition variable's wait, and writes a robust mutex's (why those
// are not plain). The calls here are glibc's own: this binary has no interceptors. A plain
// mutex's words also name its lock record (RecordOfMutex), checked against the record.
//===----------------------------------------------------------------------===//
#include "rt_locks.h"

#include <gtest/gtest.h>

#include <errno.h>
#include <new>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

using namespace parcheck;

namespace {

// A mutex made by pthread_mutex_init with one attribute set by `set`.
template <typename F> void InitWith(pthread_mutex_t *m, F set) {
  pthread_mutexattr_t a;
  ASSERT_EQ(0, pthread_mutexattr_init(&a));
  set(&a);
  ASSERT_EQ(0, pthread_mutex_init(m, &a));
  pthread_mutexattr_destroy(&a);
}

TEST(WaitCountersTest, PlainMutexesKeepThemInTheirOwnWords) {
  pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_t recursive = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  pthread_mutex_t errorcheck, adaptive;
  InitWith(&errorcheck, [](pthread_mutexattr_t *a) {
    pthread_mutexattr_settype(a, PTHREAD_MUTEX_ERRORCHECK);
  });
  InitWith(&adaptive, [](pthread_mutexattr_t *a) {
    pthread_mutexattr_settype(a, PTHREAD_MUTEX_ADAPTIVE_NP);
  });
  for (pthread_mutex_t *m : {&normal, &recursive, &errorcheck, &adaptive}) {
    EXPECT_TRUE(CountersInMutex(kMutex, m));
    EXPECT_TRUE(CountersInMutex(kMtx, m));  // mtx_t shares the layout
    WaitCounters c = MutexWaitCounters(m);
    ASSERT_TRUE(bool(c));
    EXPECT_EQ(static_cast<void *>(c.waiters), static_cast<void *>(&m->__data.__list.__prev));
    EXPECT_EQ(static_cast<void *>(c.acq), static_cast<void *>(&m->__data.__list.__next));
    EXPECT_EQ(0u, c.waiters->load());  // zeroed by the initialiser
    EXPECT_EQ(0u, c.acq->load());
  }
  // The record's kind decides first: an rwlock's or spin lock's record never uses them.
  EXPECT_FALSE(CountersInMutex(kRwLock, &normal));
  EXPECT_FALSE(CountersInMutex(kSpin, &normal));
}

TEST(WaitCountersTest, OtherProtocolsKeepThemInTheSideBlock) {
  pthread_mutex_t robust, pi, pp, pshared;
  InitWith(&robust, [](pthread_mutexattr_t *a) {
    pthread_mutexattr_setrobust(a, PTHREAD_MUTEX_ROBUST);
  });
  InitWith(&pi, [](pthread_mutexattr_t *a) {
    pthread_mutexattr_setprotocol(a, PTHREAD_PRIO_INHERIT);
  });
  InitWith(&pp, [](pthread_mutexattr_t *a) {
    pthread_mutexattr_setprotocol(a, PTHREAD_PRIO_PROTECT);
  });
  InitWith(&pshared, [](pthread_mutexattr_t *a) {
    pthread_mutexattr_setpshared(a, PTHREAD_PROCESS_SHARED);
  });
  for (pthread_mutex_t *m : {&robust, &pi, &pp, &pshared}) EXPECT_FALSE(CountersInMutex(kMutex, m));
  // What makes a robust mutex's words unusable: glibc links a taken one into its holder's
  // robust list through them.
  ASSERT_EQ(0, pthread_mutex_lock(&robust));
  EXPECT_NE(nullptr, robust.__data.__list.__next);
  ASSERT_EQ(0, pthread_mutex_unlock(&robust));
  // Nor is a destroyed mutex (glibc sets its kind to -1).
  pthread_mutex_t gone = PTHREAD_MUTEX_INITIALIZER;
  ASSERT_EQ(0, pthread_mutex_destroy(&gone));
  ASSERT_EQ(-1, gone.__data.__kind);
  EXPECT_FALSE(CountersInMutex(kMutex, &gone));
}

TEST(WaitCountersTest, GlibcLeavesAPlainMutexsWordsAlone) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  WaitCounters c = MutexWaitCounters(&m);
  c.waiters->store(3);
  c.acq->store(0x123456789ull);
  ASSERT_EQ(0, pthread_mutex_lock(&m));
  // A condition variable's wait unlocks and re-locks the mutex inside glibc. It returns at
  // its (past) deadline whatever the timing: nobody signals.
  timespec past = {0, 0};
  EXPECT_EQ(ETIMEDOUT, pthread_cond_timedwait(&cv, &m, &past));
  ASSERT_EQ(0, pthread_mutex_unlock(&m));
  ASSERT_EQ(0, pthread_mutex_trylock(&m));
  EXPECT_EQ(EBUSY, pthread_mutex_trylock(&m));
  ASSERT_EQ(0, pthread_mutex_unlock(&m));
  timespec later;  // a timed lock of a free mutex takes it at once
  ASSERT_EQ(0, clock_gettime(CLOCK_REALTIME, &later));
  later.tv_sec += 3600;
  ASSERT_EQ(0, pthread_mutex_timedlock(&m, &later));
  ASSERT_EQ(0, pthread_mutex_unlock(&m));
  EXPECT_EQ(3u, c.waiters->load());
  EXPECT_EQ(0x123456789ull, c.acq->load());
  // A recursive mutex taken twice and released twice (its count is __count, not these words).
  pthread_mutex_t r = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  WaitCounters rc = MutexWaitCounters(&r);
  rc.waiters->store(1);
  rc.acq->store(7);
  ASSERT_EQ(0, pthread_mutex_lock(&r));
  ASSERT_EQ(0, pthread_mutex_lock(&r));
  ASSERT_EQ(0, pthread_mutex_unlock(&r));
  ASSERT_EQ(0, pthread_mutex_unlock(&r));
  EXPECT_EQ(1u, rc.waiters->load());
  EXPECT_EQ(7u, rc.acq->load());
  // A side block's count only while somebody waits, exclusive holders or shared.
  LockSide side;
  memset(static_cast<void *>(&side), 0, sizeof side);
  WaitCounters s = SideWaitCounters(&side);
  EXPECT_FALSE(s.always);
  CountIfWaited(s, true);
  EXPECT_EQ(0u, s.acq->load());
  s.waiters->store(1);
  CountIfWaited(s, /*exclusive=*/true);
  CountIfWaited(s, /*exclusive=*/false);
  EXPECT_EQ(2u, s.acq->load());
  s.waiters->store(0);
  CountIfWaited(s, false);
  EXPECT_EQ(2u, s.acq->load());
  EXPECT_FALSE(bool(SideWaitCounters(nullptr)));
}

} // namespace

//===-- A plain mutex's record number (RecordOfMutex, NoteRecordOfMutex) -------===//
// The shim's record arena is rt_locks.cpp's; here a stand-in of the same size (address space
// only) holds hand-made records.
namespace parcheck {
char *g_arena;
std::atomic<size_t> g_arena_committed{0};
}

namespace {

struct ArenaTest : testing::Test {
  void SetUp() override {
    void *m = mmap(nullptr, kArenaRecords * sizeof(LockRec), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    ASSERT_NE(MAP_FAILED, m);
    g_arena = static_cast<char *>(m);
    g_arena_committed = kArenaRecords * sizeof(LockRec);
  }
  void TearDown() override {
    munmap(g_arena, kArenaRecords * sizeof(LockRec));
    g_arena = nullptr;
    g_arena_committed = 0;
  }
  LockRec *rec(size_t i, const void *addr) {
    LockRec *l = reinterpret_cast<LockRec *>(g_arena) + i;
    l->addr = uintptr_t(addr);
    return l;
  }
};

// A plain mutex counts every acquisition in its own words wherever it lies (also when they
// are on the line after its lock word's), whether or not anybody waits: its waiter count is
// not used.
TEST(WaitCountersTest, APlainMutexCountsEveryAcquisition) {
  alignas(64) static char line[192];
  for (size_t at : {size_t(0), size_t(8), size_t(24), size_t(32), size_t(40), size_t(56),
                    size_t(64), size_t(104)}) {
    auto *m = new (line + at) pthread_mutex_t;
    ASSERT_EQ(0, pthread_mutex_init(m, nullptr));
    WaitCounters c = MutexWaitCounters(m);
    EXPECT_TRUE(c.always) << "mutex at offset " << at;
    CountIfWaited(c, true);
    EXPECT_EQ(1u, c.acq->load()) << "mutex at offset " << at;
    c.waiters->store(1);
    CountIfWaited(c, true);
    EXPECT_EQ(2u, c.acq->load()) << "mutex at offset " << at;
    pthread_mutex_destroy(m);
  }
}

TEST_F(ArenaTest, AMutexNamesItsRecordBesideItsWaitCounters) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  EXPECT_EQ(nullptr, RecordOfMutex(&m));  // an initialiser's zeros name no record
  LockRec *l = rec(12345, &m);
  EXPECT_EQ(12346u, RecordIndex(l));
  NoteRecordOfMutex(&m, l);
  EXPECT_EQ(l, RecordOfMutex(&m));
  // The number shares the waiter count's word without touching it, and glibc leaves it alone
  // through a lock, a failed try and an unlock.
  WaitCounters c = MutexWaitCounters(&m);
  EXPECT_EQ(0u, c.waiters->load());
  c.waiters->fetch_add(1);
  ASSERT_EQ(0, pthread_mutex_lock(&m));
  EXPECT_EQ(EBUSY, pthread_mutex_trylock(&m));
  ASSERT_EQ(0, pthread_mutex_unlock(&m));
  c.waiters->fetch_sub(1);
  EXPECT_EQ(l, RecordOfMutex(&m));
  // Re-initialising the mutex forgets the number (glibc zeroes the whole mutex).
  ASSERT_EQ(0, pthread_mutex_init(&m, nullptr));
  EXPECT_EQ(nullptr, RecordOfMutex(&m));
}

TEST_F(ArenaTest, ANumberThatIsNotTheMutexsIsAMiss) {
  pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b;
  LockRec *l = rec(7, &a);
  NoteRecordOfMutex(&a, l);
  // The bytes copied to another mutex: the record is a's, so b's look-up misses.
  memcpy(&b, &a, sizeof a);
  EXPECT_EQ(l, RecordOfMutex(&a));
  EXPECT_EQ(nullptr, RecordOfMutex(&b));
  // Numbers past the arena, and a record never made (zeros), are misses too.
  MutexRecordWord(&b)->store(uint32_t(kArenaRecords) + 1);
  EXPECT_EQ(nullptr, RecordOfMutex(&b));
  MutexRecordWord(&b)->store(~0u);
  EXPECT_EQ(nullptr, RecordOfMutex(&b));
  MutexRecordWord(&b)->store(uint32_t(kArenaRecords));  // the last record: never written
  EXPECT_EQ(nullptr, RecordOfMutex(&b));
  // A record outside the arena has no number, and none is written.
  LockRec outside;
  memset(static_cast<void *>(&outside), 0, sizeof outside);
  outside.addr = uintptr_t(&b);
  EXPECT_EQ(0u, RecordIndex(&outside));
  MutexRecordWord(&b)->store(0);
  NoteRecordOfMutex(&b, &outside);
  EXPECT_EQ(0u, MutexRecordWord(&b)->load());
  // Numbers past the accessible part of the arena are misses (never read).
  g_arena_committed = 7 * sizeof(LockRec);
  EXPECT_EQ(nullptr, RecordOfMutex(&a));
  g_arena_committed = 8 * sizeof(LockRec);
  EXPECT_EQ(l, RecordOfMutex(&a));
  // Without an arena nothing has a number.
  char *arena = g_arena;
  g_arena = nullptr;
  g_arena_committed = 0;
  EXPECT_EQ(0u, RecordIndex(l));
  EXPECT_EQ(nullptr, RecordOfMutex(&a));
  g_arena = arena;
  g_arena_committed = kArenaRecords * sizeof(LockRec);
}

} // namespace
