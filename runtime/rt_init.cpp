//===- rt_init.cpp - start-up, exit, fatal signals and fork ---------------===//
//
// The one place where the runtime's parts are set up (in dependency order) and where fork
// takes and releases their locks: every runtime lock a hook can hold is taken before fork,
// in the order prepare lists them, so that the child finds each one free and consistent.
//===----------------------------------------------------------------------===//
#include "rt_lockorder.h"
#include "rt_reporter.h"
#include "rt_stackcache.h"
#include "rt_stackdepot.h"
#include "rt_memory.h"
#include "rt_report.h"
#include "rt_fastpath.h"
#include "rt_runtime.h"
#include "rt_threads.h"
#include "rt_waits.h"
#include "rt_watchdog.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

namespace parcheck {

bool g_inited;

// handle_signals: a fatal signal the program does not handle itself writes the summary first,
// then takes its default action (re-raised: the exit status is the program's own). Reports
// queued or being written when the program dies are written before the summary: the reporter
// thread finishes them while this handler waits (they are symbolised there, not in the
// handler), then the summary counts them. Only from a program thread that was not inside the
// runtime (t_in_rt): a thread stopped inside the runtime may hold a lock the reporter needs
// (the summary is then best effort, rt_reporter.h, as it is after kFatalDrainMs).
static constexpr int kFatalDrainMs = 30000;

static void FatalSignal(int sig) {
  if (!t_in_rt && !IsRuntimeThread()) {
    int e = errno;
    WaitForReportsInSignal(kFatalDrainMs);
    errno = e;
  }
  FinishReports(true, false);
  signal(sig, SIG_DFL);
  raise(sig);
}

bool IsRuntimeSignalHandler(uintptr_t handler) { return handler == uintptr_t(FatalSignal); }

static void InstallFatalSignalHandlers() {
  if (!g_flags.handle_signals) return;
  int sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM};
  for (int s : sigs) {
    struct sigaction old;
    if (sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
      struct sigaction sa;
      memset(&sa, 0, sizeof(sa));
      sa.sa_handler = FatalSignal;
      sigemptyset(&sa.sa_mask);
      sa.sa_flags = SA_RESETHAND;
      sigaction(s, &sa, nullptr);
    }
  }
}

static void AtForkPrepare() {
  t_in_rt++;
  ReportLockForFork();
  g_lock_order->lockForFork();
  ThreadsLockForFork();
  StackDepotForkLock();
  StackCacheForkLock();
  RecordsForkLock();
  InternalAllocForkLock();
}
// What AtForkPrepare took, in the reverse order; the same in parent and child.
static void UnlockAfterFork() {
  InternalAllocForkUnlock();
  RecordsForkUnlock();
  StackCacheForkUnlock();
  StackDepotForkUnlock();
  ThreadsUnlockForFork();
  g_lock_order->unlockForFork();
  ReportUnlockForFork();
}
static void AtForkParent() {
  UnlockAfterFork();
  t_in_rt--;
}
static void AtForkChild() {
  UnlockAfterFork();
  ReportResetInChild();
  ThreadsResetInChild();
  WatchdogResetInChild();
  WaitsResetInChild();
  UnwindTablesResetInChild();
  t_in_rt--;
}

static void AtExitHandler() {
  t_in_rt++;
  if (g_flags.verbosity >= 2) {  // what the runtime keeps per thread (issue 9: stays flat)
    size_t kept = TreeSize();
    char buf[128];
    int k = snprintf(buf, sizeof(buf), "==parcheck== join-order tree: %zu thread record(s) kept\n",
                     kept);
    WriteLog(buf, size_t(k));
    k = snprintf(buf, sizeof(buf), "==parcheck== acquisition stacks: %llu unwound, %llu reused\n",
                 (unsigned long long)StackCacheMisses(), (unsigned long long)StackCacheHits());
    WriteLog(buf, size_t(k));
    k = snprintf(buf, sizeof(buf),
                 "==parcheck== unwind entries: %llu read from files, %llu look-ups in memory, "
                 "%llu in the shim's own\n",
                 (unsigned long long)UnwindEntriesFromFiles(),
                 (unsigned long long)UnwindEntriesFromMemory(),
                 (unsigned long long)UnwindEntriesOwn());
    WriteLog(buf, size_t(k));
    uint64_t khz = TscKHz();
    k = khz ? snprintf(buf, sizeof(buf), "==parcheck== clock: %s, %llu.%llu MHz\n", ClockName(),
                       (unsigned long long)(khz / 1000), (unsigned long long)(khz % 1000 / 100))
            : snprintf(buf, sizeof(buf), "==parcheck== clock: %s\n", ClockName());
    WriteLog(buf, size_t(k));
  }
  if (t_state) FinishDeferred(t_state);  // the exiting thread's last wait and hold, in the stats
  FinishReports(/*inSignal=*/false, /*mayExit=*/true);
  t_in_rt--;
}

static void Warn(const char *msg) {
  Str s;
  s.addf("==parcheck== WARNING: %s\n", msg);
  (void)!write(2, s.c_str(), s.size());
}

// The first of the functions a run executes in the link order (rt_function_order.txt), never
// called: aligned to 64 KiB so that the executed functions start a 64 KiB window of the text
// (the kernel maps a fault's 64 KiB window and the page cache's folios whole; with the
// text's 64 KiB segment alignment, CMakeLists.txt, the windows are the link's).
extern "C" __attribute__((used, noinline, aligned(65536))) void parcheck_executed_text_start() {
  __asm__ __volatile__("");
}

void InitRuntime() {
  if (g_inited) return;
  t_in_rt++;
  g_flags.setDefaults();
  g_flags.parse(RtGetenv("PARCHECK_OPTIONS"), Warn);
  if (g_flags.help) {
    Flags::printHelp(2);
    _exit(0);
  }
  if (g_flags.stack_depth > 64) g_flags.stack_depth = 64;
  if (g_flags.stack_depth < 1) g_flags.stack_depth = 1;
  InitClock(g_flags.tsc_clock);
  InitWaits();
  InitLockTable();
  InitLockRegions();
  InitLockOrder();
  InitMisuse();
  InitFastPaths();
  InitThreads();
  InitReports();
  InstallFatalSignalHandlers();
  pthread_atfork(AtForkPrepare, AtForkParent, AtForkChild);
  atexit(AtExitHandler);
  g_inited = true;
  NewThreadState(0, 0);  // the initial thread is T0
  t_in_rt--;
}

} // namespace parcheck
