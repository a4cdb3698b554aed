//===- ReadMemoryTest.cpp - the watchdog's reads that never fault ---------===//
//
// The watchdog reads the objects other threads wait for after the look that saw the waits; by
// then the program may have freed and unmapped one. RtReadMemory (rt_common.h) copies bytes of
// the process's memory without touching them itself, and says when they cannot be read; the
// lock reads built on it (rt_locks.h) say what they could not read. (HoldersOf's, and the
// watchdog's, are run end to end by test/runtime/waited-object-unmapped.c.) It reads through
// /proc/self/mem; its fallbacks, for a process whose seccomp filter refuses that (openat or
// pread64) and then process_vm_readv too, are run in child processes that install such a
// filter.
//===----------------------------------------------------------------------===//
#include "rt_locks.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <vector>

using namespace parcheck;

namespace {

constexpr size_t kPage = 4096;

// Two pages: the first readable and filled with a pattern, the second unmapped (or, with
// `protNone`, mapped but inaccessible).
struct Pages {
  char *p;
  explicit Pages(bool protNone = false) {
    p = static_cast<char *>(
        mmap(nullptr, 2 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    EXPECT_NE(p, MAP_FAILED);
    for (size_t i = 0; i < kPage; ++i) p[i] = char(i * 7 + 1);
    if (protNone)
      mprotect(p + kPage, kPage, PROT_NONE);
    else
      munmap(p + kPage, kPage);
  }
  ~Pages() { munmap(p, 2 * kPage); }
};

// Every outcome RtReadMemory has, checked in this process. Returns 0 when all hold, else the
// number of the first that failed (for the children below, which cannot use gtest's asserts).
// faultsToo: bytes a plain read would fault on; protNone: an inaccessible page refused too
// (process_vm_readv refuses it; /proc/self/mem reads it, as a debugger does: no fault either).
int CheckReads(bool faultsToo, bool protNone) {
  Pages m, none(/*protNone=*/true);
  char out[64];
  memset(out, 0, sizeof(out));
  if (!RtReadMemory(m.p + 100, out, sizeof(out)) || memcmp(out, m.p + 100, sizeof(out)))
    return 1;
  int v = 0;
  if (!RtPeek(reinterpret_cast<const volatile int *>(m.p + 8), &v) ||
      v != *reinterpret_cast<int *>(m.p + 8))
    return 2;
  if (!faultsToo) return 0;
  if (RtReadMemory(m.p + kPage, out, 8)) return 3;              // unmapped
  if (RtReadMemory(m.p + kPage - 4, out, 8)) return 4;          // straddles the end
  if (protNone && RtReadMemory(none.p + kPage, out, 8)) return 5;  // PROT_NONE
  if (RtReadMemory(reinterpret_cast<void *>(8), out, 8)) return 6;  // the null page
  return 0;
}

// Installs a seccomp filter that makes each of `nrs` fail with EPERM (as a container's
// profile that refuses process_vm_readv does), or with `kill` kills the process on it (as
// systemd's SystemCallFilter= does by default), and lets every other call through.
void Refuse(const std::vector<int> &nrs, bool kill = false) {
  std::vector<sock_filter> f;
  f.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
  for (int nr : nrs) {
    f.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, unsigned(nr), 0, 1));
    unsigned action = kill ? SECCOMP_RET_KILL_PROCESS : SECCOMP_RET_ERRNO | EPERM;
    f.push_back(BPF_STMT(BPF_RET | BPF_K, action));
  }
  f.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  sock_fprog prog{static_cast<unsigned short>(f.size()), f.data()};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
    _exit(100);
}

TEST(ReadMemoryTest, ReadsWhatIsMappedAndRefusesWhatIsNot) {
  EXPECT_EQ(0, CheckReads(/*faultsToo=*/true, /*protNone=*/false));
}

// The calls that open /proc/self/mem, and both ways of reading without it.
const std::vector<int> kOpenCalls = {SYS_openat,
#ifdef SYS_open
                                     SYS_open,
#endif
};
const std::vector<int> kBothReads = {SYS_process_vm_readv, SYS_pread64};

// In a child that refuses `nrs` (Refuse), the reads' outcomes (CheckReads): its exit code.
[[noreturn]] void CheckRefusing(const std::vector<int> &nrs, bool kill, bool faultsToo,
                                bool protNone) {
  Refuse(nrs, kill);
  _exit(CheckReads(faultsToo, protNone));
}

TEST(ReadMemoryDeathTest, NeedsNoCallOutsideWhatAServiceSandboxAllows) {
  // process_vm_readv is in systemd's @debug set: a service whose filter kills on it must not
  // die of the watchdog's reads (their first way is /proc/self/mem).
  EXPECT_EXIT(CheckRefusing({SYS_process_vm_readv}, /*kill=*/true, true, false),
              ::testing::ExitedWithCode(0), "");
}

TEST(ReadMemoryDeathTest, FallsBackToProcessVmReadvWhenPreadIsRefused) {
  // The child's reads go through process_vm_readv, which refuses an inaccessible page too.
  EXPECT_EXIT(CheckRefusing({SYS_pread64}, false, true, /*protNone=*/true),
              ::testing::ExitedWithCode(0), "");
}

TEST(ReadMemoryDeathTest, FallsBackToProcessVmReadvWhenProcSelfMemCannotBeOpened) {
  EXPECT_EXIT(CheckRefusing(kOpenCalls, false, true, /*protNone=*/true),
              ::testing::ExitedWithCode(0), "");
}

TEST(ReadMemoryDeathTest, FallsBackToAPlainCopyWhenBothAreRefused) {
  // Neither way: a plain copy, which reads mapped memory as before (an unmapped byte would
  // fault, as every read did before RtReadMemory).
  EXPECT_EXIT(CheckRefusing(kBothReads, false, /*faultsToo=*/false,
                            false),
              ::testing::ExitedWithCode(0), "");
}

TEST(ReadMemoryDeathTest, NoFreeDescriptorFailsThatReadOnly) {
  // With every descriptor in use, /proc/self/mem cannot be opened: that read fails, and the
  // next one still goes through /proc/self/mem (which, unlike process_vm_readv, reads a
  // PROT_NONE page).
  EXPECT_EXIT(
      {
        Pages m(/*protNone=*/true);
        char out[8];
        struct rlimit old;
        getrlimit(RLIMIT_NOFILE, &old);
        int lowest = open("/dev/null", O_RDONLY);  // the lowest free descriptor
        close(lowest);
        struct rlimit full = old;
        full.rlim_cur = rlim_t(lowest);
        setrlimit(RLIMIT_NOFILE, &full);
        if (RtReadMemory(m.p, out, sizeof(out))) _exit(1);
        setrlimit(RLIMIT_NOFILE, &old);
        if (!RtReadMemory(m.p + kPage, out, sizeof(out))) _exit(2);
        _exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

// A mutex in a page that is then unmapped, as the watchdog may find one: every read of it says
// it could not read.
TEST(ReadMemoryTest, LockReadsOfAnUnmappedMutexSayTheyCouldNotRead) {
  Pages m;
  auto *mu = reinterpret_cast<pthread_mutex_t *>(m.p + kPage - sizeof(pthread_mutex_t));
  ASSERT_EQ(0, pthread_mutex_init(mu, nullptr));
  ASSERT_EQ(0, pthread_mutex_lock(mu));
  EXPECT_EQ(gettid(), PeekMutexOwner(mu));
  EXPECT_EQ(MutexKindBits(mu), PeekMutexKindBits(mu, -1));
  LockRec rec;
  memset(static_cast<void *>(&rec), 0, sizeof(rec));
  rec.addr = uintptr_t(mu);
  rec.kind = kMutex;
  MutexWaitCounters(mu).acq->store(41);
  EXPECT_EQ(41u, PeekAcqCount(&rec, 7));

  // The same mutex one page further on, in the unmapped page.
  auto *gone = reinterpret_cast<pthread_mutex_t *>(m.p + kPage);
  EXPECT_EQ(kOwnerUnknown, PeekMutexOwner(gone));
  EXPECT_EQ(-1, PeekMutexKindBits(gone, -1));
  rec.addr = uintptr_t(gone);
  EXPECT_EQ(7u, PeekAcqCount(&rec, 7));
  pthread_mutex_unlock(mu);
}

} // namespace
