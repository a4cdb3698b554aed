//===- rt_watchdog.cpp - the watchdog thread and the waits it watches -----===//
#include "rt_watchdog.h"
#include "rt_deadlock.h"
#include "rt_reporter.h"
#include "rt_runtime.h"
#include "rt_waits.h"

#include <time.h>

namespace parcheck {

static std::atomic<bool> g_watchdog_started{false};
// WatchdogLeave: set, then the word bumped and woken (the watchdog sleeps on it between looks).
static std::atomic<bool> g_watchdog_leave{false};
static std::atomic<uint32_t> g_watchdog_word{0};
std::atomic<int> g_runtime_threads{0};
static int (*g_real_pthread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                                    void *);
void SetRealPthreadCreate(int (*f)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                                   void *)) {
  g_real_pthread_create = f;
}
// For the reporter thread (rt_reporter.cpp), the other runtime-owned thread.
int (*RealPthreadCreate())(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) {
  return g_real_pthread_create;
}

static void *WatchdogMain(void *);

void StartWatchdog() {
  if (!g_flags.detect_deadlocks && !g_flags.detect_starvation) return;
  if (g_watchdog_started.load(std::memory_order_relaxed)) return;
  if (g_watchdog_started.exchange(true)) return;
  pthread_t th;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 1 << 20);
  g_runtime_threads.fetch_add(1);  // before it exists: never a thread the runtime does not know
  g_watchdog_leave.store(false, std::memory_order_relaxed);  // the last one has left
  if (!g_real_pthread_create || g_real_pthread_create(&th, &attr, WatchdogMain, nullptr) != 0)
    g_runtime_threads.fetch_sub(1);
  pthread_attr_destroy(&attr);
}

static void *WatchdogMain(void *) {
  MarkRuntimeThread();  // its reports are written here, not queued (see rt_reporter.h)
  t_in_rt = 1;  // forever: this thread's own activity is invisible
  DeadlockWatch dl;
  int interval = g_flags.watchdog_interval_ms > 0 ? g_flags.watchdog_interval_ms : 100;
  for (;;) {
    timespec ts = {interval / 1000, long(interval % 1000) * 1000000L};
    uint32_t word = g_watchdog_word.load(std::memory_order_acquire);
    if (!g_watchdog_leave.load(std::memory_order_acquire))
      RtFutexWait(&g_watchdog_word, word, &ts);
    if (g_watchdog_leave.load(std::memory_order_acquire)) {
      g_watchdog_started.store(false, std::memory_order_release);  // a later wait starts another
      g_runtime_threads.fetch_sub(1);
      return nullptr;
    }
    if (!g_flags.lean_look) NoteLockCalls(/*look=*/true);
    // Starvation, long holds, long waits of waits still going on (the others are decided by
    // the waiting thread when its wait ends).
    ReportWaitsOverdue();
    if (g_flags.detect_deadlocks && CheckDeadlocks(&dl)) return nullptr;  // on_deadlock=hang
  }
}

// Numbers the thread's next wait. Only the thread writes waitSeq (others read it, before the
// release store that publishes the wait): a plain load and store, not a locked add.
static inline void NextWait(ThreadState *ts) {
  ts->waitSeq.store(ts->waitSeq.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// Publishes a new wait for the watchdog: the details first, then what is waited for (a lock,
// or a thread being joined), which is what the watchdog looks at.
void MarkWaiting(ThreadState *ts, LockRec *l, uint32_t joinTid, bool read, uintptr_t pc,
                 bool timed) {
  ts->waitTimed.store(timed, std::memory_order_relaxed);
  ts->waitStart.store(NowNs(), std::memory_order_relaxed);
  ts->waitPc.store(pc, std::memory_order_relaxed);
  ts->waitRead.store(read, std::memory_order_relaxed);
  NextWait(ts);
  if (l)
    ts->waitLock.store(l, std::memory_order_release);
  else
    ts->waitJoin.store(joinTid + 1, std::memory_order_release);
  StartWatchdog();
}

// glibc layouts (2.34+, x86-64): a condition variable's __wrefs bit 0, a semaphore's third int
// (`private`: 0 for a process-private one) and a barrier's fourth word (`shared`) say whether
// the object may be shared with another process. Read by the waiter as its wait begins, while
// the object is surely alive (the watchdog, which needs it, may look after the wait has ended
// and the object been unmapped).
static bool ObjectIsProcessShared(WaitKind k, const void *obj) {
  switch (k) {
  case WaitKind::kCond:
    return static_cast<const volatile pthread_cond_t *>(obj)->__data.__wrefs & 1;
  case WaitKind::kSem: return static_cast<const volatile int *>(obj)[2] != 0;
  case WaitKind::kBarrier: return static_cast<const volatile unsigned *>(obj)[3] != 0;
  default: return false;
  }
}

void BeginObjectWait(ThreadState *ts, WaitKind kind, const void *obj, const void *mutex,
                     uintptr_t pc, bool timed, bool external) {
  ErrnoSave es;  // may start the watchdog thread; the unwinder may load libgcc_s
  // A timed wait is never reported: no stack.
  ts->waitStackN = timed ? 0 : CaptureStackInto(pc, ts->waitStack, kWaitStackMax);
  ts->waitTimed.store(timed, std::memory_order_relaxed);
  ts->waitStart.store(NowNs(), std::memory_order_relaxed);
  ts->waitPc.store(pc, std::memory_order_relaxed);
  ts->waitObjKind.store(uint8_t(kind), std::memory_order_relaxed);
  ts->waitObjMutex.store(uintptr_t(mutex), std::memory_order_relaxed);
  ts->waitObjExternal.store(external || ObjectIsProcessShared(kind, obj),
                            std::memory_order_relaxed);
  NextWait(ts);
  ts->waitObj.store(uintptr_t(obj), std::memory_order_release);
  StartWatchdog();
}

void EndObjectWait(ThreadState *ts) { ts->waitObj.store(0, std::memory_order_release); }

// A blocking join is a wait too: a thread that joins a thread waiting for a lock the joiner
// holds is a deadlock the watchdog must see.
void BeforeJoin(ThreadState *ts, pthread_t th, uintptr_t pc, bool timed) {
  ErrnoSave es;
  uint32_t tid = TidOfHandle(th);
  if (tid == ~0u) return;  // a thread the runtime did not see created
  ts->waitStackN = timed ? 0 : CaptureStackInto(pc, ts->waitStack, kWaitStackMax);
  MarkWaiting(ts, nullptr, tid, false, pc, timed);
}

void AfterJoin(ThreadState *ts) { ts->waitJoin.store(0, std::memory_order_release); }

void WatchdogLeave() {
  g_watchdog_leave.store(true, std::memory_order_release);
  g_watchdog_word.fetch_add(1, std::memory_order_release);
  RtFutexWake(&g_watchdog_word, 1);
}

void WatchdogResetInChild() {
  g_watchdog_started.store(false);
  g_runtime_threads.store(0);  // the child runs none of the runtime's threads
}

} // namespace parcheck
