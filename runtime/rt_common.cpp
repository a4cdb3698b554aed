//===- rt_common.cpp - internal allocator and helpers ---------------------===//
#include "rt_common.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

namespace parcheck {

void RtFatal(const char *msg) {
  const char pre[] = "==parcheck== FATAL: ";
  (void)!write(2, pre, sizeof(pre) - 1);
  (void)!write(2, msg, strlen(msg));
  (void)!write(2, "\n", 1);
  _exit(70);
}

// System calls the runtime makes without libc's wrappers on x86-64: each wrapper the runtime
// alone calls maps the 64 KiB of libc's text around it (the kernel's fault-around), in a
// program that never calls it itself (issue 13: peak RSS). One call: the instruction itself on
// x86-64, libc's syscall() elsewhere; -errno on failure, and errno is left alone.
static inline long RtSyscall(long nr, long a = 0, long b = 0, long c = 0, long d = 0,
                             long e = 0, long f = 0) {
#if defined(__x86_64__)
  long r;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ __volatile__("syscall"
                       : "=a"(r)
                       : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                       : "rcx", "r11", "memory");
  return r;
#else
  ErrnoSave es;
  long r = syscall(nr, a, b, c, d, e, f);
  return r == -1 ? -errno : r;
#endif
}

static inline void YieldCpu() { RtSyscall(SYS_sched_yield); }

void RtSleep(const timespec *t) { RtSyscall(SYS_nanosleep, long(t)); }

int RtOpen(const char *path, int flags, int mode) {
  return int(RtSyscall(SYS_openat, AT_FDCWD, long(path), flags, mode));
}

long RtRead(int fd, void *buf, size_t n) { return RtSyscall(SYS_read, fd, long(buf), long(n)); }

long RtPread(int fd, void *buf, size_t n, uint64_t offset) {
  return RtSyscall(SYS_pread64, fd, long(buf), long(n), long(offset));
}

int RtFstat(int fd, struct stat *st) { return int(RtSyscall(SYS_fstat, fd, long(st))); }

void RtClose(int fd) { RtSyscall(SYS_close, fd); }

long RtReadlink(const char *path, char *buf, size_t n) {
  return RtSyscall(SYS_readlinkat, AT_FDCWD, long(path), long(buf), long(n));
}

int RtAccess(const char *path, int mode) {
  return int(RtSyscall(SYS_faccessat, AT_FDCWD, long(path), mode));
}

const char *RtGetenv(const char *name) {
  size_t len = strlen(name);
  for (char **e = environ; e && *e; ++e)
    if (!strncmp(*e, name, len) && (*e)[len] == '=') return *e + len + 1;
  return nullptr;
}

pid_t RtGettid() { return pid_t(RtSyscall(SYS_gettid)); }

pid_t RtGetpid() { return pid_t(RtSyscall(SYS_getpid)); }

// How RtReadMemory reads. First a pread of /proc/self/mem (opened for each read, so that a
// forked child never reads its parent's memory through an inherited descriptor): openat,
// pread64 and close are of the kind the watchdog makes anyway to read /proc/self/task, so a
// seccomp filter that lets it run usually lets them through. process_vm_readv, one call, is
// the fallback where /proc/self/mem cannot be opened (no /proc; a non-dumpable process's
// /proc files belong to root): it is in systemd's @debug set, outside @system-service, and a
// filter that kills on a refused call would kill the program at the watchdog's first look.
// Both fail on an unmapped byte (EIO, EFAULT) instead of faulting. Where both are refused, a
// plain copy, which is what the runtime did before it had RtReadMemory.
enum PeekMethod : int { kPeekProcMem, kPeekVm, kPeekPlain };
static std::atomic<int> g_peek_method{kPeekProcMem};

static bool Refused(long r) { return r == -ENOSYS || r == -EPERM || r == -EACCES; }

bool RtReadMemory(const void *addr, void *out, size_t n) {
  int method = g_peek_method.load(std::memory_order_relaxed);
  if (method == kPeekProcMem) {
    int fd = RtOpen("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      long r = RtPread(fd, out, n, uintptr_t(addr));
      RtClose(fd);
      if (!Refused(r)) return r == long(n);
    } else if (fd != -ENOENT && !Refused(fd)) {
      return false;  // no descriptor free now (EMFILE, ENFILE, ENOMEM): this read only fails
    }
    g_peek_method.store(method = kPeekVm, std::memory_order_relaxed);
  }
  if (method == kPeekVm) {
    struct iovec local = {out, n}, remote = {const_cast<void *>(addr), n};
    long r = RtSyscall(SYS_process_vm_readv, RtGetpid(), long(&local), 1, long(&remote), 1, 0);
    if (!Refused(r)) return r == long(n);
    g_peek_method.store(kPeekPlain, std::memory_order_relaxed);
  }
  memcpy(out, addr, n);
  return true;
}

void RtFutexWait(std::atomic<uint32_t> *w, uint32_t val, const timespec *timeout) {
  RtSyscall(SYS_futex, long(w), FUTEX_WAIT_PRIVATE, long(val), long(timeout));
}

void RtFutexWake(std::atomic<uint32_t> *w, int n) {
  RtSyscall(SYS_futex, long(w), FUTEX_WAKE_PRIVATE, n);
}

void RtSetThreadSchedBatch() {
  sched_param sp = {};
  RtSyscall(SYS_sched_setscheduler, 0, SCHED_BATCH, long(&sp));  // 0: the calling thread
}

void SpinLock::lock() {
  for (unsigned i = 0;; ++i) {
    if (!f_.load(std::memory_order_relaxed) && try_lock()) return;
    if (i > 64) YieldCpu();
    else __builtin_ia32_pause();
  }
}

// Size classes: powers of two from 16 bytes to 64 KiB, carved from 1 MiB mmap chunks and
// recycled through per-class free lists. Bigger blocks are mapped and unmapped directly.
namespace {
constexpr int kMinShift = 4, kMaxShift = 16, kClasses = kMaxShift - kMinShift + 1;
constexpr size_t kChunk = 1 << 20;
struct FreeNode { FreeNode *next; };
SpinLock g_alloc_mu;                     // protects everything in this namespace
FreeNode *g_free[kClasses];
char *g_chunk_cur, *g_chunk_end;

void *MapOrDie(size_t n) {
  void *p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) RtFatal("out of memory (mmap failed)");
  // Chunks next to each other merge into one mapping, where THP "always" would put a huge
  // page at the first touch of each aligned 2 MiB: 2 MiB resident for a few small blocks.
  madvise(p, n, MADV_NOHUGEPAGE);  // advice only
  return p;
}
int ClassOf(size_t size) {
  int s = kMinShift;
  while ((size_t(1) << s) < size) ++s;
  return s - kMinShift;
}
} // namespace

void *MapSparse(size_t n, const char *what) {
  void *p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) RtFatal(what);
  madvise(p, n, MADV_NOHUGEPAGE);  // advice only
  return p;
}

void *InternalAlloc(size_t size) {
  if (size == 0) size = 1;
  if (size > (size_t(1) << kMaxShift)) return MapOrDie((size + 4095) & ~size_t(4095));
  int c = ClassOf(size);
  size_t bs = size_t(1) << (c + kMinShift);
  void *p;
  {
    SpinGuard g(g_alloc_mu);
    if (g_free[c]) {
      p = g_free[c];
      g_free[c] = g_free[c]->next;
    } else {
      if (g_chunk_cur == nullptr || size_t(g_chunk_end - g_chunk_cur) < bs) {
        g_chunk_cur = static_cast<char *>(MapOrDie(kChunk));
        g_chunk_end = g_chunk_cur + kChunk;
      }
      p = g_chunk_cur;
      g_chunk_cur += bs;
      return p;  // fresh mmap memory is already zero
    }
  }
  memset(p, 0, bs);
  return p;
}

void InternalFree(void *p, size_t size) {
  if (!p) return;
  if (size == 0) size = 1;
  if (size > (size_t(1) << kMaxShift)) {
    munmap(p, (size + 4095) & ~size_t(4095));
    return;
  }
  int c = ClassOf(size);
  SpinGuard g(g_alloc_mu);
  FreeNode *n = static_cast<FreeNode *>(p);
  n->next = g_free[c];
  g_free[c] = n;
}

Str &Str::addn(const char *s, size_t n) {
  size_t o = v_.size();
  v_.resize(o + n);
  memcpy(v_.begin() + o, s, n);
  return *this;
}

Str &Str::addf(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n < 0) return *this;
  if (size_t(n) < sizeof(buf)) return addn(buf, n);
  size_t o = v_.size();
  v_.resize(o + n + 1);
  va_start(ap, fmt);
  vsnprintf(v_.begin() + o, n + 1, fmt, ap);
  va_end(ap);
  v_.resize(o + n);
  return *this;
}

Str &Str::addJson(const char *s) {
  add("\"");
  for (; *s; ++s) {
    unsigned char c = *s;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', char(c)};
      addn(e, 2);
    } else if (c == '\n') add("\\n");
    else if (c == '\t') add("\\t");
    else if (c < 0x20) addf("\\u%04x", c);
    else addn(reinterpret_cast<const char *>(&c), 1);
  }
  return add("\"");
}

char *InternalStrdup(const char *s) {
  size_t n = strlen(s);
  char *d = static_cast<char *>(InternalAlloc(n + 1));
  memcpy(d, s, n);
  return d;
}

uint64_t Fnv1a64(const char *s, size_t n, uint64_t h) {
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(s[i]);
    h *= 0x100000001b3ULL;
  }
  return h;
}

const char *CopyLine(const char *p, char *line, size_t cap) {
  const char *e = strchr(p, '\n');
  size_t len = e ? size_t(e - p) : strlen(p);
  snprintf(line, cap, "%.*s", int(len < cap - 1 ? len : cap - 1), p);
  return p + len + (e ? 1 : 0);
}

} // namespace parcheck

namespace parcheck {
void InternalAllocForkLock() { g_alloc_mu.lock(); }
void InternalAllocForkUnlock() { g_alloc_mu.unlock(); }
} // namespace parcheck
