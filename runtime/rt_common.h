//===- rt_common.h - internal allocator, spin lock, containers -----------===//
//
// Everything the runtime stores lives in memory from InternalAlloc (mmap-based size-class
// free lists), never from malloc: programs take locks inside malloc, and the hooks must not
// re-enter it. The containers below are minimal and not thread-safe; every user says which
// lock protects its instance.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_COMMON_H
#define PARCHECK_RT_COMMON_H

#include <atomic>
#include <errno.h>
#include <initializer_list>
#include <new>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

namespace parcheck {

void *InternalAlloc(size_t size);  // zeroed memory; never returns null (dies loudly)
void InternalFree(void *p, size_t size);
[[noreturn]] void RtFatal(const char *msg);
// n bytes of zeroed address space for a sparse table (a few pages of it ever touched): mapped
// without reserving swap, and advised against transparent huge pages (with THP always on, the
// first touch of each 2 MiB would make all of it resident). Dies with `what` if it cannot.
void *MapSparse(size_t n, const char *what);
// nanosleep, and SCHED_BATCH for the calling thread, as system calls (rt_common.cpp: libc's
// wrappers would map their own 64 KiB of libc's text).
void RtSleep(const struct timespec *t);
void RtSetThreadSchedBatch();
// open, read, close, readlink and access for the runtime's own start-up work (/proc/self/auxv,
// the clock source, /proc/self/exe, the symbolizer's search, parcheck-run's marker), and the
// ids a clean run asks for, likewise as system calls: a negative result is -errno, and errno
// is left alone.
int RtOpen(const char *path, int flags, int mode = 0);
long RtRead(int fd, void *buf, size_t n);
long RtPread(int fd, void *buf, size_t n, uint64_t offset);
int RtFstat(int fd, struct stat *st);  // 0, or -errno
void RtClose(int fd);
long RtReadlink(const char *path, char *buf, size_t n);
int RtAccess(const char *path, int mode);  // 0, or -errno
// The value of the environment variable `name`, or null: getenv without libc's (its 64 KiB of
// text, see above).
const char *RtGetenv(const char *name);
pid_t RtGettid();  // the calling thread's kernel tid
pid_t RtGetpid();
// Copies n bytes at addr of this process's memory into out without touching them itself:
// false if any of them is unmapped, where a plain read would fault. (An inaccessible page is
// read as a debugger reads it, through /proc/self/mem; its fallback, process_vm_readv, refuses
// it.) For what the watchdog reads of the objects other threads wait for: a wait may end, and
// the program free and unmap the object, between the look that noted the wait and the read
// (rt_deadlock.cpp). Two or three system calls per read (rt_common.cpp): never on a hook's
// path.
bool RtReadMemory(const void *addr, void *out, size_t n);
template <typename T> inline bool RtPeek(const volatile T *p, T *out) {
  return RtReadMemory(const_cast<const T *>(p), out, sizeof(T));
}
// Copies the first n bytes of src (up to its end), then a terminating 0, into dst of `cap`
// bytes, cut to fit (snprintf's "%.*s" without formatting). Returns the length written.
inline size_t CopyString(char *dst, size_t cap, const char *src, size_t n = size_t(-1)) {
  if (!cap) return 0;
  size_t len = strnlen(src, n);
  if (len > cap - 1) len = cap - 1;
  memcpy(dst, src, len);
  dst[len] = 0;
  return len;
}
// Writes v in decimal at out (room for 20 digits) and returns the number of digits, with no
// terminating 0.
inline size_t FormatDecimal(char *out, uint64_t v) {
  char tmp[20];
  size_t n = 0;
  do tmp[n++] = char('0' + v % 10); while (v /= 10);
  for (size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  return n;
}
// A process-private futex: waits while *w == val (until a wake, or the relative timeout when
// one is given), and wakes up to n waiters. Interruptions and spurious returns are the
// caller's to handle (each caller loops on its own condition). System calls too (the
// reporter thread waits on one in every threaded program).
void RtFutexWait(std::atomic<uint32_t> *w, uint32_t val, const struct timespec *timeout = nullptr);
void RtFutexWake(std::atomic<uint32_t> *w, int n);

// A test-and-test-and-set lock that never calls into pthreads (so it is not intercepted).
class SpinLock {
public:
  void lock();
  bool try_lock() { return !f_.exchange(true, std::memory_order_acquire); }
  void unlock() { f_.store(false, std::memory_order_release); }
  void reset() { f_.store(false, std::memory_order_relaxed); }  // after fork, in the child
private:
  std::atomic<bool> f_{false};
};

class SpinGuard {
public:
  explicit SpinGuard(SpinLock &l) : l_(l) { l_.lock(); }
  ~SpinGuard() { l_.unlock(); }
  SpinGuard(const SpinGuard &) = delete;
  SpinGuard &operator=(const SpinGuard &) = delete;
private:
  SpinLock &l_;
};

// Keeps the caller's errno across runtime work that may make system calls (interceptors
// return libc's exact errno).
class ErrnoSave {
public:
  ErrnoSave() : e_(errno) {}
  ~ErrnoSave() { errno = e_; }
  ErrnoSave(const ErrnoSave &) = delete;
  ErrnoSave &operator=(const ErrnoSave &) = delete;
private:
  int e_;
};

// A growable array of trivially copyable T.
template <typename T> class Vec {
public:
  Vec() = default;
  Vec(const Vec &) = delete;
  Vec &operator=(const Vec &) = delete;
  ~Vec() { release(); }
  void release() {
    if (data_) InternalFree(data_, cap_ * sizeof(T));
    data_ = nullptr;
    size_ = cap_ = 0;
  }
  size_t size() const { return size_; }
  size_t capacity() const { return cap_; }
  bool empty() const { return size_ == 0; }
  T &operator[](size_t i) { return data_[i]; }
  const T &operator[](size_t i) const { return data_[i]; }
  T *begin() { return data_; }
  T *end() { return data_ + size_; }
  const T *begin() const { return data_; }
  const T *end() const { return data_ + size_; }
  T &back() { return data_[size_ - 1]; }
  void clear() { size_ = 0; }
  void push_back(const T &v) {
    if (size_ == cap_) reserve(cap_ ? cap_ * 2 : 8);
    data_[size_++] = v;
  }
  // A new last element, its memory not initialised: the caller writes every field (a hold
  // pushed on the hooks' fast path is written in place, not built and copied).
  T *push_unchecked() { return &data_[size_++]; }  // size() < capacity()
  T *push_uninit() {
    if (size_ == cap_) reserve(cap_ ? cap_ * 2 : 8);
    return &data_[size_++];
  }
  void pop_back() { --size_; }
  void erase_at(size_t i) {
    memmove(data_ + i, data_ + i + 1, (size_ - i - 1) * sizeof(T));
    --size_;
  }
  void resize(size_t n) {
    if (n > cap_) reserve(n > cap_ * 2 ? n : cap_ * 2);  // geometric: growing by one is O(1)
    if (n > size_) memset((void *)(data_ + size_), 0, (n - size_) * sizeof(T));
    size_ = n;
  }
  void reserve(size_t n) {
    if (n <= cap_) return;
    T *nd = static_cast<T *>(InternalAlloc(n * sizeof(T)));
    if (data_) {
      memcpy((void *)nd, data_, size_ * sizeof(T));
      InternalFree(data_, cap_ * sizeof(T));
    }
    data_ = nd;
    cap_ = n;
  }
private:
  T *data_ = nullptr;
  size_t size_ = 0, cap_ = 0;
};

// Open-addressing map from a non-zero 64-bit key to a trivially copyable value.
template <typename V> class U64Map {
public:
  U64Map() = default;
  U64Map(const U64Map &) = delete;
  U64Map &operator=(const U64Map &) = delete;
  ~U64Map() { release(); }
  void release() {
    if (slots_) InternalFree(slots_, cap_ * sizeof(Slot));
    slots_ = nullptr;
    cap_ = count_ = used_ = 0;
  }
  size_t size() const { return count_; }
  V *find(uint64_t k) {
    if (!cap_) return nullptr;
    for (size_t i = hash(k) & (cap_ - 1);; i = (i + 1) & (cap_ - 1)) {
      Slot &s = slots_[i];
      if (s.key == k) return &s.val;
      if (s.key == 0) return nullptr;
    }
  }
  // Returns the value slot for k, inserting a zero value if absent; *isNew tells which.
  V *insert(uint64_t k, bool *isNew = nullptr) {
    if ((used_ + 1) * 4 >= cap_ * 3) grow();
    size_t tomb = SIZE_MAX;
    for (size_t i = hash(k) & (cap_ - 1);; i = (i + 1) & (cap_ - 1)) {
      Slot &s = slots_[i];
      if (s.key == k) {
        if (isNew) *isNew = false;
        return &s.val;
      }
      if (s.key == kTomb && tomb == SIZE_MAX) tomb = i;
      if (s.key == 0) {
        Slot &d = tomb != SIZE_MAX ? slots_[tomb] : s;
        if (tomb == SIZE_MAX) ++used_;
        d.key = k;
        memset((void *)&d.val, 0, sizeof(V));
        ++count_;
        if (isNew) *isNew = true;
        return &d.val;
      }
    }
  }
  bool erase(uint64_t k) {
    if (!cap_) return false;
    for (size_t i = hash(k) & (cap_ - 1);; i = (i + 1) & (cap_ - 1)) {
      Slot &s = slots_[i];
      if (s.key == k) {
        s.key = kTomb;
        --count_;
        return true;
      }
      if (s.key == 0) return false;
    }
  }
  template <typename F> void forEach(F f) {
    for (size_t i = 0; i < cap_; ++i)
      if (slots_[i].key != 0 && slots_[i].key != kTomb) f(slots_[i].key, slots_[i].val);
  }
  static uint64_t hash(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
  }
private:
  static constexpr uint64_t kTomb = ~0ULL;
  struct Slot {
    uint64_t key;
    V val;
  };
  void grow() {
    size_t ncap = cap_ ? (count_ * 4 >= cap_ ? cap_ * 2 : cap_) : 16;
    Slot *old = slots_;
    size_t ocap = cap_;
    slots_ = static_cast<Slot *>(InternalAlloc(ncap * sizeof(Slot)));
    cap_ = ncap;
    count_ = used_ = 0;
    for (size_t i = 0; i < ocap; ++i)
      if (old[i].key != 0 && old[i].key != kTomb) *insert(old[i].key) = old[i].val;
    if (old) InternalFree(old, ocap * sizeof(Slot));
  }
  Slot *slots_ = nullptr;
  size_t cap_ = 0, count_ = 0, used_ = 0;
};

// Append-only text buffer on the internal allocator.
class Str {
public:
  Str() = default;
  Str(const Str &) = delete;
  Str &operator=(const Str &) = delete;
  ~Str() { v_.release(); }
  Str &add(const char *s) { return addn(s, strlen(s)); }
  Str &addn(const char *s, size_t n);
  Str &addf(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
  Str &addJson(const char *s);  // a JSON string literal, quotes included
  const char *c_str() {
    v_.push_back(0);
    v_.pop_back();
    return v_.begin();
  }
  size_t size() const { return v_.size(); }
  void clear() { v_.clear(); }
private:
  Vec<char> v_;
};

// Insertion sort for the short arrays the runtime keys on (gate sets, cycles).
inline void SortSmall(uint64_t *v, size_t n) {
  for (size_t i = 1; i < n; ++i)
    for (size_t j = i; j > 0 && v[j - 1] > v[j]; --j) {
      uint64_t t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
}

char *InternalStrdup(const char *s);
void InternalAllocForkLock();
void InternalAllocForkUnlock();
uint64_t Fnv1a64(const char *s, size_t n, uint64_t h = 0xcbf29ce484222325ULL);
// Copies the line that starts at p into line[cap] (without its '\n', cut to cap - 1
// characters) and returns where the next line starts (the terminating NUL after the last).
const char *CopyLine(const char *p, char *line, size_t cap);

} // namespace parcheck

#endif
