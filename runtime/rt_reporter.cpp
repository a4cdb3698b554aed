//===- rt_reporter.cpp - the report queue and the reporter thread ---------===//
#include "rt_reporter.h"

#include "rt_common.h"
#include "rt_runtime.h"
#include "rt_watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>

namespace parcheck {

int (*RealPthreadCreate())(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

static __thread bool t_runtime_thread __attribute__((tls_model("initial-exec")));
bool IsRuntimeThread() { return t_runtime_thread; }
void MarkRuntimeThread() { t_runtime_thread = true; }

//===-- The queue ----------------------------------------------------------===//

struct PendingJob {
  ReportJob job;
  void *arg;
  PendingJob *next;
};
static SpinLock g_q_mu;  // the list below
static PendingJob *g_q_head, *g_q_tail;
static std::atomic<uint32_t> g_q_seq{0};  // bumped on every push: the reporter's futex word
static std::atomic<uint32_t> g_q_ran{0};  // jobs finished (== g_q_seq: none queued or running)
static std::atomic<bool> g_reporter_started{false};
static std::atomic<bool> g_reporter_leave{false};  // RuntimeThreadsLeave: exit once idle

static PendingJob *Pop() {
  SpinGuard g(g_q_mu);
  PendingJob *j = g_q_head;
  if (j) {
    g_q_head = j->next;
    if (!g_q_head) g_q_tail = nullptr;
  }
  return j;
}

static bool QueueEmpty() {
  SpinGuard g(g_q_mu);
  return g_q_head == nullptr;
}

// Runs every queued job in order; the caller holds the publication lock.
static void RunPending() {
  while (PendingJob *j = Pop()) {
    j->job(j->arg);
    InternalFree(j, sizeof(PendingJob));
    g_q_ran.fetch_add(1, std::memory_order_release);
  }
}

//===-- The publication lock (recursive, futex based: a waiter may wait for a whole
// symbolizer run, so it sleeps rather than spins) ---------------------------===//

static std::atomic<uint32_t> g_pub_state{0};  // 0 free, 1 taken, 2 taken with waiters
static std::atomic<pid_t> g_pub_owner{0};      // kernel tid of the owner
static uint32_t g_pub_depth;                   // written by the owner only

static pid_t SelfTid() { return RtGettid(); }  // not cached: fork changes it

static void PubLock() {
  pid_t me = SelfTid();
  if (g_pub_owner.load(std::memory_order_relaxed) == me) {
    ++g_pub_depth;
    return;
  }
  uint32_t c = 0;
  if (!g_pub_state.compare_exchange_strong(c, 1, std::memory_order_acquire)) {
    if (c != 2) c = g_pub_state.exchange(2, std::memory_order_acquire);
    while (c != 0) {
      RtFutexWait(&g_pub_state, 2);
      c = g_pub_state.exchange(2, std::memory_order_acquire);
    }
  }
  g_pub_owner.store(me, std::memory_order_relaxed);
  g_pub_depth = 1;
}

static void PubUnlock() {
  if (--g_pub_depth) return;
  g_pub_owner.store(0, std::memory_order_relaxed);
  if (g_pub_state.exchange(0, std::memory_order_release) == 2) RtFutexWake(&g_pub_state, 1);
}

PublicationGuard::PublicationGuard(bool inSignal) : held_(true) {
  ErrnoSave es;
  if (inSignal) {
    // A fatal signal may have stopped this thread inside the queue's or the allocator's
    // critical section, and the owner may wait for those: neither wait nor run queued jobs.
    uint32_t c = 0;
    if (g_pub_owner.load(std::memory_order_relaxed) == SelfTid())
      ++g_pub_depth;
    else if (g_pub_state.compare_exchange_strong(c, 1, std::memory_order_acquire)) {
      g_pub_owner.store(SelfTid(), std::memory_order_relaxed);
      g_pub_depth = 1;
    } else {
      held_ = false;
    }
    return;
  }
  PubLock();
  RunPending();
}
PublicationGuard::~PublicationGuard() {
  ErrnoSave es;
  if (held_) PubUnlock();
}

bool WaitForReportsInSignal(int timeoutMs) {
  uint32_t target = g_q_seq.load(std::memory_order_acquire);
  RtFutexWake(&g_q_seq, 1);
  timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    // Done when every job queued before the signal has run and the publication lock is free
    // (a report written directly, by the watchdog or with report_thread=0, is finished too).
    if (int32_t(g_q_ran.load(std::memory_order_acquire) - target) >= 0 &&
        g_pub_state.load(std::memory_order_acquire) == 0)
      return true;
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 >= timeoutMs)
      return false;
    timespec d = {0, 1000000};  // 1 ms: a symbolizer run takes hundreds
    RtSleep(&d);
  }
}

//===-- The reporter thread --------------------------------------------------===//

static void *ReporterMain(void *) {
  MarkRuntimeThread();
  t_in_rt = 1;  // forever: this thread's own activity is invisible
  // SCHED_BATCH: the same CPU share as the program's threads (a program's exit that waits
  // for a report is not starved, as at nice 19), but no wake-up preemption: the program
  // thread whose report wakes this thread is not descheduled for it (memcached's extstore.t
  // counts on its IO thread going on right after the foreign unlock it reports). The
  // symbolizer started from here inherits the policy. Unprivileged; a refusal is harmless.
  RtSetThreadSchedBatch();
  for (;;) {
    uint32_t seq = g_q_seq.load(std::memory_order_acquire);
    if (QueueEmpty()) {
      if (g_reporter_leave.load(std::memory_order_acquire)) break;
      RtFutexWait(&g_q_seq, seq);
      continue;
    }
    PublicationGuard g;  // runs what is queued
  }
  // Leaving (RuntimeThreadsLeave): a job queued after this point starts a new reporter, and
  // one that slipped in meanwhile is run by the next drain (a new reporter, or the exit
  // summary's guard).
  g_reporter_started.store(false, std::memory_order_release);
  g_runtime_threads.fetch_sub(1);
  return nullptr;
}

// False if no reporter thread could be started (the caller then runs the job itself).
static bool StartReporter() {
  if (g_reporter_started.load(std::memory_order_acquire)) return true;
  static SpinLock startMu;
  SpinGuard g(startMu);
  if (g_reporter_started.load(std::memory_order_relaxed)) return true;
  auto create = RealPthreadCreate();
  if (!create) return false;
  ErrnoSave es;
  pthread_t th;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 1 << 20);
  // Counted before it exists: the stuck-process check never sees a thread it does not know.
  g_runtime_threads.fetch_add(1);
  g_reporter_leave.store(false, std::memory_order_relaxed);  // the last one has left
  bool ok = create(&th, &attr, ReporterMain, nullptr) == 0;
  if (!ok) g_runtime_threads.fetch_sub(1);
  pthread_attr_destroy(&attr);
  if (ok) g_reporter_started.store(true, std::memory_order_release);
  return ok;
}

void StartReporterEarly() {
  if (g_flags.report_thread && !g_flags.halt_on_error && !IsRuntimeThread()) StartReporter();
}

void RuntimeThreadsLeave() {
  g_reporter_leave.store(true, std::memory_order_release);
  g_q_seq.fetch_add(1, std::memory_order_release);  // wakes the reporter if it sleeps
  ErrnoSave es;
  RtFutexWake(&g_q_seq, 1);
  WatchdogLeave();
}

void SubmitReport(ReportJob job, void *arg) {
  if (!g_flags.report_thread || IsRuntimeThread() || g_flags.halt_on_error || !StartReporter()) {
    PublicationGuard g;
    job(arg);
    return;
  }
  PendingJob *j = static_cast<PendingJob *>(InternalAlloc(sizeof(PendingJob)));
  j->job = job;
  j->arg = arg;
  j->next = nullptr;
  {
    SpinGuard g(g_q_mu);
    if (g_q_tail)
      g_q_tail->next = j;
    else
      g_q_head = j;
    g_q_tail = j;
  }
  g_q_seq.fetch_add(1, std::memory_order_release);
  ErrnoSave es;
  RtFutexWake(&g_q_seq, 1);
}

void ReporterLockForFork() { g_q_mu.lock(); }
void ReporterUnlockForFork() { g_q_mu.unlock(); }
void ReporterResetInChild() {
  // The jobs belong to the parent, which prints them; their memory is not worth reclaiming.
  g_q_head = g_q_tail = nullptr;
  g_q_ran.store(g_q_seq.load());
  g_reporter_started.store(false);
  // The owner, if any, was another thread (no runtime code forks): it does not exist here.
  g_pub_owner.store(0);
  g_pub_depth = 0;
  g_pub_state.store(0);
}

} // namespace parcheck
