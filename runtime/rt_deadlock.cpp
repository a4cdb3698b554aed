//===- rt_deadlock.cpp - wait-for cycles and stuck processes, at one look --===//
#include "rt_deadlock.h"
#include "rt_report.h"
#include "rt_runtime.h"
#include "rt_threads.h"
#include "rt_waitfor.h"
#include "rt_watchdog.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace parcheck {

// One live thread at one look: its WaitEntry plus what the report needs.
struct ThreadWait {
  LockRec *lock;
  uintptr_t pc, obj, mutex;
  pid_t osTid;
  bool read;
};

// Read through RtPeek (rt_locks.h: the wait seen at this look may have ended and the lock been
// unmapped since). A lock whose memory is gone counts as process-private: a thread of another
// process could still wake a waiter on a process-shared one through its own mapping, but the
// default (and all but universal) private lock can be woken by nobody any more.
static bool LockIsProcessShared(LockRec *l) {
  const void *addr = reinterpret_cast<const void *>(l->addr);
  if (l->kind == kMutex || l->kind == kMtx) return PeekMutexKindBits(addr, 0) & kMutexPshared;
  if (l->kind != kRwLock) return false;
  auto *rw = static_cast<const volatile pthread_rwlock_t *>(addr);
  decltype(pthread_rwlock_t().__data.__shared) shared;
  return RtPeek(&rw->__data.__shared, &shared) && shared != 0;
}

// A handler the program installed may post a semaphore (sem_post is async-signal-safe; the
// classic "wait for SIGTERM" loop): then no sem_wait is counted as stuck. The runtime's own
// fatal-signal handler does not post anything.
static bool ProgramHandlesSignals() {
  for (int s = 1; s < NSIG; ++s) {
    struct sigaction old;
    if (sigaction(s, nullptr, &old) != 0) continue;
    uintptr_t h = (old.sa_flags & SA_SIGINFO) ? uintptr_t(old.sa_sigaction)
                                              : uintptr_t(old.sa_handler);
    if (h == uintptr_t(SIG_DFL) || h == uintptr_t(SIG_IGN) || IsRuntimeSignalHandler(h))
      continue;
    return true;
  }
  return false;
}

// The state letter of one kernel thread of this process ('S' sleeping, 'R' running or
// runnable, 'Z' a zombie, ...), or 0 if it is gone. Raw reads into a stack buffer: no malloc.
static char TaskState(const char *tid) {
  char path[64], buf[512];
  snprintf(path, sizeof(path), "/proc/self/task/%s/stat", tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  const char *p = strrchr(buf, ')');  // "tid (comm) S ...": comm may hold anything
  return p && p[1] == ' ' ? p[2] : 0;
}

// The kernel's threads of this process, zombies left out (a main thread that called
// pthread_exit stays listed until the process ends): fills `states` with (tid, state).
struct KernelTask {
  pid_t tid;
  char state;
};
static bool ReadKernelTasks(Vec<KernelTask> *tasks) {
  int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  alignas(8) char buf[4096];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    if (n <= 0) {
      close(fd);
      return n == 0;
    }
    for (long off = 0; off < n;) {
      struct Dirent64 {
        uint64_t ino;
        int64_t off;
        unsigned short reclen;
        unsigned char type;
        char name[1];
      };
      const Dirent64 *d = reinterpret_cast<const Dirent64 *>(buf + off);
      off += d->reclen;
      if (d->name[0] < '0' || d->name[0] > '9') continue;
      char st = TaskState(d->name);
      if (!st || st == 'Z' || st == 'X') continue;
      tasks->push_back(KernelTask{pid_t(atoi(d->name)), st});
    }
  }
}

// A read wait on a writer-preferring rwlock (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
// glibc's __flags 2) waits also for the writers queued on it, the threads whose wait is a
// write wait on the same lock: glibc makes a new read request wait behind them, even from a
// thread that already holds a read lock (that reader and the writer then wait for each other
// for ever). Adds them to entry i's holders.
static void AddQueuedWriters(Vec<WaitEntry> &ents, const Vec<ThreadWait> &tws, size_t i) {
  LockRec *l = tws[i].lock;
  decltype(pthread_rwlock_t().__data.__flags) flags;
  if (!tws[i].read || l->kind != kRwLock ||
      !RtPeek(&reinterpret_cast<volatile pthread_rwlock_t *>(l->addr)->__data.__flags, &flags) ||
      flags != PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
    return;
  WaitEntry &e = ents[i];
  for (size_t k = 0; k < ents.size(); ++k)
    if (k != i && ents[k].kind == WaitKind::kLock && tws[k].lock == l && !tws[k].read &&
        e.nHolders < kMaxWaitHolders)
      e.holders[e.nHolders++] = ents[k].tid;
}

// The untimed waits of every live thread the runtime knows: a lock (with its holders), a join,
// or a condition, semaphore or barrier wait. Lock and join waits take precedence over an
// object wait: a thread cancelled inside a condition or semaphore wait keeps that stale mark
// until its cleanup handler runs (see rt_wait_interceptors.cpp).
static void SnapshotWaits(Vec<WaitEntry> *ents, Vec<ThreadWait> *tws) {
  {
    SpinGuard g(g_threads_mu);
    for (ThreadState *t : g_threads) {
      WaitEntry e;
      memset(&e, 0, sizeof(e));
      ThreadWait w;
      memset(&w, 0, sizeof(w));
      e.tid = t->tid;
      e.asleep = true;  // until the kernel is asked (only when it matters)
      w.osTid = t->osTid;
      w.lock = t->waitLock.load(std::memory_order_acquire);
      uint32_t j = t->waitJoin.load(std::memory_order_acquire);
      w.obj = t->waitObj.load(std::memory_order_acquire);
      if (w.lock) {
        e.kind = WaitKind::kLock;
      } else if (j) {
        e.kind = WaitKind::kJoin;
        e.joinTid = j - 1;
      } else if (w.obj) {
        e.kind = WaitKind(t->waitObjKind.load(std::memory_order_relaxed));
        w.mutex = t->waitObjMutex.load(std::memory_order_relaxed);
        e.external = t->waitObjExternal.load(std::memory_order_relaxed);
      }
      if (e.kind != WaitKind::kNone) {
        e.seq = t->waitSeq.load(std::memory_order_relaxed);
        e.timed = t->waitTimed.load(std::memory_order_relaxed);
        w.pc = t->waitPc.load(std::memory_order_relaxed);
        w.read = t->waitRead.load(std::memory_order_relaxed);
      } else if (LockRec *l = LockCallOf(t, &e.seq, &w.pc)) {
        // A lean lock's unmarked call: a wait for the mutex's owner, if another thread owns it
        // (HoldersOf, below); confirmed, like any wait, by the same call on the next look.
        e.kind = WaitKind::kLock;
        w.lock = l;
      }
      ents->push_back(e);
      tws->push_back(w);
    }
  }
  for (size_t i = 0; i < ents->size(); ++i)  // HoldersOf takes g_threads_mu itself
    if ((*ents)[i].kind == WaitKind::kLock) {
      WaitEntry &e = (*ents)[i];
      e.nHolders = HoldersOf((*tws)[i].lock, e.holders, !(*tws)[i].read, /*peek=*/true);
      if (e.seq & kLockCallSeq) {
        if (!LockCallMayWait(LockCallOwner((*tws)[i].lock), (*tws)[i].osTid)) {
          e.kind = WaitKind::kNone;
          continue;
        }
        uint32_t n = 0;
        for (uint32_t k = 0; k < e.nHolders; ++k)
          if (e.holders[k] != e.tid) e.holders[n++] = e.holders[k];
        e.nHolders = n;
      }
      e.external = LockIsProcessShared((*tws)[i].lock);
      AddQueuedWriters(*ents, *tws, i);
    }
}

// Asks the kernel whether the threads marked waiting are really asleep, and whether it runs
// threads the runtime does not know (created before the shim was initialised, by raw clone, by
// another runtime): any of those might end the waits. False: do not report.
static bool KernelAgrees(Vec<WaitEntry> &ents, const Vec<ThreadWait> &tws) {
  Vec<KernelTask> tasks;
  if (!ReadKernelTasks(&tasks)) return false;
  size_t known = 0;
  for (size_t i = 0; i < ents.size(); ++i) {
    ents[i].asleep = false;
    for (const KernelTask &k : tasks)
      if (k.tid == tws[i].osTid) {
        ents[i].asleep = k.state == 'S';
        ++known;
        break;
      }
  }
  int own = g_runtime_threads.load(std::memory_order_relaxed);
  return tasks.size() <= known + size_t(own > 0 ? own : 0);
}

// One look. Returns true when the watchdog should stop (on_deadlock=hang).
bool CheckDeadlocks(DeadlockWatch *st) {
  Vec<WaitEntry> ents;
  Vec<ThreadWait> tws;
  SnapshotWaits(&ents, &tws);
  Vec<size_t> order;  // the threads to report, in report order
  bool stuck = false;
  if (FindWaitCycle(ents.begin(), ents.size(), &order)) {
    st->prevStuckKey = 0;
    uint64_t key = WaitSetKey(ents.begin(), order.begin(), order.size());
    if (key != st->prevCycleKey) {  // confirm on the next look: the same waits still blocked
      st->prevCycleKey = key;
      return false;
    }
    st->prevCycleKey = 0;
  } else {
    st->prevCycleKey = 0;
    bool candidate = AllStuck(ents.begin(), ents.size());  // before any system call
    if (candidate) {
      bool sems = false;
      for (WaitEntry &e : ents) sems |= e.kind == WaitKind::kSem;
      if (sems && ProgramHandlesSignals())
        for (WaitEntry &e : ents) e.external |= e.kind == WaitKind::kSem;
      candidate = KernelAgrees(ents, tws) && AllStuck(ents.begin(), ents.size());
    }
    if (!candidate) {
      st->prevStuckKey = 0;
      return false;
    }
    uint64_t key = SnapshotKey(ents.begin(), ents.size());
    if (key != st->prevStuckKey) {
      st->prevStuckKey = key;
      return false;
    }
    st->prevStuckKey = 0;
    stuck = true;
    for (size_t i = 0; i < ents.size(); ++i) {  // every thread, by thread id
      size_t k = order.size();
      order.push_back(i);
      for (; k > 0 && ents[order[k - 1]].tid > ents[i].tid; --k) order[k] = order[k - 1];
      order[k] = i;
    }
  }
  Vec<DeadlockThread> dts;
  for (size_t i : order) {
    const WaitEntry &e = ents[i];
    const ThreadWait &w = tws[i];
    DeadlockThread d;
    memset(&d, 0, sizeof(d));
    d.tid = e.tid;
    d.wait = e.kind;
    d.lock = w.lock;
    d.waitPc = w.pc;
    d.read = w.read;
    d.obj = w.obj;
    if (e.kind == WaitKind::kCond && w.mutex)  // taken before the wait: its record exists
      d.lock = GetLock(reinterpret_cast<const void *>(w.mutex), kMutex);
    d.holder = ~0u;
    if (e.kind == WaitKind::kJoin) d.holder = e.joinTid;
    if (e.kind == WaitKind::kLock) {
      if (e.nHolders) d.holder = e.holders[0];
      // The holder is blocked too, so its held stack is stable: find where it took the lock.
      SpinGuard g(g_threads_mu);
      ThreadState *ht = d.holder != ~0u ? FindThread(d.holder) : nullptr;
      if (ht)
        for (Held &h : ht->held)
          if (h.lock == w.lock) d.heldPc = h.pc;
    }
    if (e.kind != WaitKind::kLock) {  // joins and object waits keep their stack
      // The thread has been in this wait since the previous look: its stack is stable.
      SpinGuard g(g_threads_mu);
      ThreadState *t = FindThread(e.tid);
      if (t && t->waitSeq.load(std::memory_order_relaxed) == e.seq && t->waitStackN) {
        d.stack.n = t->waitStackN;
        d.stack.pcs = static_cast<uintptr_t *>(InternalAlloc(d.stack.n * sizeof(uintptr_t)));
        memcpy(d.stack.pcs, t->waitStack, d.stack.n * sizeof(uintptr_t));
      }
    }
    dts.push_back(d);
  }
  bool stop = ReportDeadlock(dts, stuck ? DeadlockShape::kAllBlocked : DeadlockShape::kCycle);
  for (DeadlockThread &d : dts) ReleaseStack(d.stack);
  return stop;
}

} // namespace parcheck
